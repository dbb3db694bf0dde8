package io.vstack.demo;

import io.vstack.port.FrameBatch;
import io.vstack.port.MemoryPort;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's underlay network: a hub of {@link MemoryPort} wires. Every host gets the far end of
 * its own wire; a frame one host sends is repeated to every other host, which ignores what is not
 * addressed to it (as on a shared Ethernet segment).
 */
final class Underlay implements AutoCloseable {
  private final List<MemoryPort.Pair> wires = new ArrayList<>();
  private final int maxFrameLength;
  private final FrameBatch batch;

  /** An underlay carrying frames of up to {@code maxFrameLength} bytes (MTU plus Ethernet). */
  Underlay(final int maxFrameLength) {
    this.maxFrameLength = maxFrameLength;
    this.batch =
        new FrameBatch(
            FrameBatch.DEFAULT_CAPACITY,
            Math.max(FrameBatch.DEFAULT_FRAME_CAPACITY, maxFrameLength));
  }

  /** A new host's end of the underlay. */
  MemoryPort attach(final String name) {
    final MemoryPort.Pair wire =
        MemoryPort.pair(name, "hub-" + name, MemoryPort.DEFAULT_SLOTS, maxFrameLength);
    wires.add(wire);
    return wire.a();
  }

  /** Repeats every frame waiting at the hub to the other hosts; returns the frames moved. */
  int forward() {
    int moved = 0;
    for (final MemoryPort.Pair from : wires) {
      int received;
      do {
        batch.clear();
        received = from.b().receive(batch);
        for (final MemoryPort.Pair to : wires) {
          if (to != from) {
            to.b().transmit(batch);
          }
        }
        moved += received;
      } while (received == batch.capacity());
    }
    return moved;
  }

  @Override
  public void close() {
    batch.close();
    wires.forEach(MemoryPort.Pair::close);
  }
}
