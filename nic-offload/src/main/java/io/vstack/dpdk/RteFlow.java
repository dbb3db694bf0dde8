package io.vstack.dpdk;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The rte_flow API of one port through FFM: validate, create, destroy, flush, query COUNT, isolate.
 * Every call answers an {@link RteFlowResult}; a refusal carries the message DPDK's PMD wrote into
 * {@code struct rte_flow_error} (e.g. net_tap: "Kernel refused TC filter rule creation", "queue
 * index out of range"). Control path: any thread, not the burst loop.
 */
public final class RteFlow {
  /** errno ENOTSUP, for rules we do not hand to a PMD known to crash on them. */
  private static final int ENOTSUP = 95;

  private static final int ERROR_TYPE_ACTION = 16;
  static final String TAP_RSS_REFUSAL =
      "not passed to net_tap: DPDK 22.11's net_tap crashes the"
          + " process (SIGSEGV) validating or creating an RSS action when the kernel lacks TC/BPF"
          + " support";

  private final DpdkNative dpdk;
  private final int portId;
  private final String portName;
  private final boolean tap;

  private RteFlow(final EthDev dev) {
    this.dpdk = DpdkNative.get();
    this.portId = dev.portId();
    this.portName = dev.name();
    this.tap = "net_tap".equals(dev.info().driverName());
  }

  /** The rte_flow API of {@code dev}. */
  public static RteFlow on(final EthDev dev) {
    return new RteFlow(dev);
  }

  /** Asks the PMD whether it could create {@code rule} now, without creating it. */
  public RteFlowResult<Void> validate(final RteFlowBuilder rule) {
    final String operation = "rte_flow_validate on " + portName + " of " + rule.describe();
    if (tap && rule.hasRss()) {
      return guarded(operation);
    }
    final RteFlowBuilder.Encoded encoded = rule.encode();
    try (Arena arena = Arena.ofConfined()) {
      final MemorySegment error = arena.allocate(RteFlowLayout.ERROR_SIZE, 8);
      final int result =
          (int)
              dpdk.flowValidate.invokeExact(
                  (short) portId, encoded.attr(), encoded.pattern(), encoded.actions(), error);
      return result == 0 ? new RteFlowResult.Ok<>(null) : refused(operation, -result, error);
    } catch (final Throwable t) {
      throw DpdkNative.rethrow(t);
    }
  }

  /** Creates {@code rule} on the device. */
  public RteFlowResult<RteFlowHandle> create(final RteFlowBuilder rule) {
    final String operation = "rte_flow_create on " + portName + " of " + rule.describe();
    if (tap && rule.hasRss()) {
      return guarded(operation);
    }
    final RteFlowBuilder.Encoded encoded = rule.encode();
    try (Arena arena = Arena.ofConfined()) {
      final MemorySegment error = arena.allocate(RteFlowLayout.ERROR_SIZE, 8);
      final MemorySegment flow =
          (MemorySegment)
              dpdk.flowCreate.invokeExact(
                  (short) portId, encoded.attr(), encoded.pattern(), encoded.actions(), error);
      if (flow.address() == 0) {
        // rte_flow_create returns NULL and sets rte_errno (on this thread) like the error struct.
        return refused(operation, dpdk.errno(), error);
      }
      return new RteFlowResult.Ok<>(
          new RteFlowHandle(portId, flow, rule.describe(), rule.countId()));
    } catch (final Throwable t) {
      throw DpdkNative.rethrow(t);
    }
  }

  /** Destroys a rule made by {@link #create}. */
  public RteFlowResult<Void> destroy(final RteFlowHandle rule) {
    checkPort(rule);
    try (Arena arena = Arena.ofConfined()) {
      final MemorySegment error = arena.allocate(RteFlowLayout.ERROR_SIZE, 8);
      final int result = (int) dpdk.flowDestroy.invokeExact((short) portId, rule.flow(), error);
      return result == 0
          ? new RteFlowResult.Ok<>(null)
          : refused("rte_flow_destroy on " + portName, -result, error);
    } catch (final Throwable t) {
      throw DpdkNative.rethrow(t);
    }
  }

  /** Destroys every rule on the port. */
  public RteFlowResult<Void> flush() {
    try (Arena arena = Arena.ofConfined()) {
      final MemorySegment error = arena.allocate(RteFlowLayout.ERROR_SIZE, 8);
      final int result = (int) dpdk.flowFlush.invokeExact((short) portId, error);
      return result == 0
          ? new RteFlowResult.Ok<>(null)
          : refused("rte_flow_flush on " + portName, -result, error);
    } catch (final Throwable t) {
      throw DpdkNative.rethrow(t);
    }
  }

  /**
   * Reads the COUNT action of {@code rule}.
   *
   * @param reset zero the counter after reading.
   */
  public RteFlowResult<RteFlowCount> queryCount(final RteFlowHandle rule, final boolean reset) {
    checkPort(rule);
    try (Arena arena = Arena.ofConfined()) {
      final MemorySegment error = arena.allocate(RteFlowLayout.ERROR_SIZE, 8);
      final MemorySegment countConf = arena.allocate(RteFlowLayout.COUNT_SIZE, 8);
      countConf.set(JAVA_INT, 0, Math.max(rule.countId(), 0));
      final MemorySegment action = arena.allocate(RteFlowLayout.ACTION_SIZE * 2, 8);
      action.set(JAVA_INT, RteFlowLayout.ACTION_TYPE, RteFlowLayout.ACTION_COUNT);
      action.set(ADDRESS, RteFlowLayout.ACTION_CONF, countConf);
      final MemorySegment data = arena.allocate(RteFlowLayout.QUERY_COUNT_SIZE, 8);
      data.set(
          JAVA_INT,
          RteFlowLayout.QUERY_COUNT_FLAGS,
          reset ? RteFlowLayout.QUERY_COUNT_RESET_BIT : 0);
      final int result =
          (int) dpdk.flowQuery.invokeExact((short) portId, rule.flow(), action, data, error);
      if (result != 0) {
        return refused("rte_flow_query COUNT on " + portName, -result, error);
      }
      final int flags = data.get(JAVA_INT, RteFlowLayout.QUERY_COUNT_FLAGS);
      return new RteFlowResult.Ok<>(
          new RteFlowCount(
              (flags & RteFlowLayout.QUERY_COUNT_HITS_SET_BIT) != 0,
              data.get(JAVA_LONG, RteFlowLayout.QUERY_COUNT_HITS),
              (flags & RteFlowLayout.QUERY_COUNT_BYTES_SET_BIT) != 0,
              data.get(JAVA_LONG, RteFlowLayout.QUERY_COUNT_BYTES)));
    } catch (final Throwable t) {
      throw DpdkNative.rethrow(t);
    }
  }

  /**
   * Isolated mode: only frames matching rules reach the port's queues. Most PMDs accept this only
   * while the port is stopped (or before it is configured).
   */
  public RteFlowResult<Void> isolate(final boolean on) {
    try (Arena arena = Arena.ofConfined()) {
      final MemorySegment error = arena.allocate(RteFlowLayout.ERROR_SIZE, 8);
      final int result = (int) dpdk.flowIsolate.invokeExact((short) portId, on ? 1 : 0, error);
      return result == 0
          ? new RteFlowResult.Ok<>(null)
          : refused("rte_flow_isolate " + on + " on " + portName, -result, error);
    } catch (final Throwable t) {
      throw DpdkNative.rethrow(t);
    }
  }

  private void checkPort(final RteFlowHandle rule) {
    if (rule.portId() != portId) {
      throw new IllegalArgumentException(
          "rule belongs to port " + rule.portId() + ", not " + portId + " (" + portName + ")");
    }
  }

  /**
   * A refusal made here, not by DPDK: observed with dpdk-testpmd 22.11 on this kernel, {@code flow
   * validate 0 ingress pattern eth / ipv4 / end actions rss queues 0 end / end} on net_tap logs
   * "Kernel refused TC filter rule creation" and then dies of a segmentation fault.
   */
  private <T> RteFlowResult<T> guarded(final String operation) {
    return new RteFlowResult.Refused<>(
        new RteFlowError(
            operation, ENOTSUP, dpdk.strerror(ENOTSUP), ERROR_TYPE_ACTION, TAP_RSS_REFUSAL));
  }

  private <T> RteFlowResult<T> refused(
      final String operation, final int errno, final MemorySegment error) {
    final int code = errno > 0 ? errno : 0;
    final String errnoText = dpdk.strerror(code);
    final MemorySegment message = error.get(ADDRESS, RteFlowLayout.ERROR_MESSAGE);
    final String text = message.address() == 0 ? errnoText : message.reinterpret(4096).getString(0);
    return new RteFlowResult.Refused<>(
        new RteFlowError(
            operation, code, errnoText, error.get(JAVA_INT, RteFlowLayout.ERROR_TYPE), text));
  }
}
