package io.vstack.txqueue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * A tenant's bounded transmit queue: the memory of an Agrona {@link OneToOneRingBuffer} (records of
 * type {@link #FRAME_MSG_TYPE_ID}, one Ethernet frame each), off-heap in this process ({@link
 * #allocate}) or in a file the tenant maps too ({@link #map}, e.g. under {@code /dev/shm}).
 *
 * <pre>
 *   | records (capacity, a power of two) | trailer: tail, head cache, head, ... |
 *     record: | length (int32, header included) | type (int32) | frame ... | pad to 8 |
 * </pre>
 *
 * <p>The tenant writes with {@link #producer()} (or its own mapping of the file and a {@code
 * OneToOneRingBuffer} over it); the stack reads only through {@link #source}, which trusts nothing
 * in this memory: the tenant can write anything anywhere in it at any time. One queue per tenant,
 * so garbage only costs that tenant its own frames.
 */
public final class TenantTxQueue implements AutoCloseable {
  /** Record type of a frame; any other type but Agrona's padding is skipped and counted. */
  public static final int FRAME_MSG_TYPE_ID = 1;

  private final Arena arena;
  private final AtomicBuffer buffer;
  private final int capacity;

  private TenantTxQueue(final Arena arena, final MemorySegment memory, final int capacity) {
    this.arena = arena;
    this.buffer = new UnsafeBuffer(memory.address(), (int) memory.byteSize());
    this.capacity = capacity;
  }

  /** The bytes a queue of {@code capacity} record bytes takes, trailer included. */
  public static int totalLength(final int capacity) {
    checkCapacity(capacity);
    return capacity + RingBufferDescriptor.TRAILER_LENGTH;
  }

  private static void checkCapacity(final int capacity) {
    if (capacity < 1024 || Integer.bitCount(capacity) != 1 || capacity > 1 << 30) {
      throw new IllegalArgumentException(
          "tenant tx queue capacity must be a power of two in [1024, 2^30]: " + capacity);
    }
  }

  /** A zeroed queue of {@code capacity} record bytes in this process's off-heap memory. */
  public static TenantTxQueue allocate(final int capacity) {
    final Arena arena = Arena.ofShared();
    return new TenantTxQueue(arena, arena.allocate(totalLength(capacity), 64), capacity);
  }

  /**
   * A zeroed queue in {@code file} (created, or truncated and zeroed), mapped shared so the tenant
   * process can map the same file and produce into it.
   *
   * @throws IOException when the file cannot be created or mapped.
   */
  public static TenantTxQueue map(final Path file, final int capacity) throws IOException {
    final int length = totalLength(capacity);
    final Arena arena = Arena.ofShared();
    try (FileChannel channel =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      channel.truncate(0);
      final MemorySegment memory = channel.map(FileChannel.MapMode.READ_WRITE, 0, length, arena);
      memory.fill((byte) 0);
      return new TenantTxQueue(arena, memory, capacity);
    } catch (final IOException | RuntimeException e) {
      arena.close();
      throw e;
    }
  }

  /** Record bytes (without the trailer). */
  public int capacity() {
    return capacity;
  }

  /** The whole queue memory, trailer included. */
  public AtomicBuffer buffer() {
    return buffer;
  }

  /** The tenant's side: writes frames as {@link #FRAME_MSG_TYPE_ID} records. */
  public OneToOneRingBuffer producer() {
    return new OneToOneRingBuffer(buffer);
  }

  /**
   * The stack's side: a {@link io.vstack.lane.FrameSource} of this queue's frames for tenant {@code
   * tenant}. One reader per queue.
   *
   * @param maxFrameLength longer frames are skipped and counted ({@link
   *     TxQueueDrop#FRAME_TOO_LONG}).
   */
  public TenantTxSource source(final int tenant, final int maxFrameLength) {
    return new TenantTxSource(buffer, capacity, tenant, maxFrameLength);
  }

  /** Unmaps or frees the memory; no reader or producer may use it afterwards. */
  @Override
  public void close() {
    arena.close();
  }
}
