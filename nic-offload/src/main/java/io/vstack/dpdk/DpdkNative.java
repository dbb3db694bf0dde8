package io.vstack.dpdk;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Downcall handles into DPDK 22.11's shared libraries ({@code librte_*.so.23}) and the project's
 * shim {@code libvstackdpdk.so} (built from {@code src/main/c} by the module's build, packaged as
 * the class-path resource {@value #SHIM_RESOURCE}).
 *
 * <p>Loaded on first use; when anything is missing every use throws {@link
 * DpdkUnavailableException} naming what to install. uint16_t maps to {@code JAVA_SHORT} (mask
 * results with {@code 0xFFFF}), {@code unsigned} to {@code JAVA_INT}.
 */
final class DpdkNative {
  static final String SHIM_RESOURCE = "/native/linux-x86_64/libvstackdpdk.so";
  private static final String[] LIBRARIES = {
    "librte_eal.so.23", "librte_mempool.so.23", "librte_mbuf.so.23", "librte_ethdev.so.23"
  };

  /** Every byte of the address space, for reading and writing DPDK's structs by address. */
  static final MemorySegment ALL = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

  private static final Linker LINKER = Linker.nativeLinker();
  private static volatile DpdkNative instance;
  private static volatile String unavailableReason;

  // EAL
  final MethodHandle ealInit;
  final MethodHandle ealCleanup;
  final MethodHandle strerror;
  final MethodHandle threadRegister;
  // ethdev
  final MethodHandle devCountAvail;
  final MethodHandle devIsValidPort;
  final MethodHandle devInfoGet;
  final MethodHandle devConfigure;
  final MethodHandle rxQueueSetup;
  final MethodHandle txQueueSetup;
  final MethodHandle devStart;
  final MethodHandle devStop;
  final MethodHandle devClose;
  final MethodHandle statsGet;
  final MethodHandle statsReset;
  final MethodHandle linkGetNowait;
  final MethodHandle retaQuery;
  final MethodHandle retaUpdate;
  final MethodHandle portByName;
  final MethodHandle nameByPort;
  final MethodHandle macAddrGet;
  final MethodHandle promiscuousEnable;
  final MethodHandle socketId;
  final MethodHandle callRxCallbacks;
  final MethodHandle callTxCallbacks;

  /** {@code uint16_t (*)(void *queue, struct rte_mbuf **pkts, uint16_t n)}, address first. */
  final MethodHandle burstFunction;

  final MemorySegment fpOps;
  // mempool / mbuf
  final MethodHandle pktmbufPoolCreate;
  final MethodHandle mempoolFree;
  final MethodHandle mempoolAvailCount;
  final MethodHandle pktmbufFreeBulk;
  // rte_flow
  final MethodHandle flowValidate;
  final MethodHandle flowCreate;
  final MethodHandle flowDestroy;
  final MethodHandle flowFlush;
  final MethodHandle flowQuery;
  final MethodHandle flowIsolate;
  // shim
  final MethodHandle shimVersion;
  final MethodHandle shimErrno;
  final MethodHandle shimAllocBulk;
  final MethodHandle shimRxBurst;
  final MethodHandle shimTxBurst;

  private DpdkNative(final SymbolLookup dpdk, final SymbolLookup shim) {
    final FunctionDescriptor intPortPtr = FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, ADDRESS);
    final FunctionDescriptor intPort = FunctionDescriptor.of(JAVA_INT, JAVA_SHORT);
    ealInit = handle(dpdk, "rte_eal_init", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    ealCleanup = handle(dpdk, "rte_eal_cleanup", FunctionDescriptor.of(JAVA_INT));
    strerror = handle(dpdk, "rte_strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    threadRegister = handle(dpdk, "rte_thread_register", FunctionDescriptor.of(JAVA_INT));

    devCountAvail = handle(dpdk, "rte_eth_dev_count_avail", FunctionDescriptor.of(JAVA_SHORT));
    devIsValidPort = handle(dpdk, "rte_eth_dev_is_valid_port", intPort);
    devInfoGet = handle(dpdk, "rte_eth_dev_info_get", intPortPtr);
    devConfigure =
        handle(
            dpdk,
            "rte_eth_dev_configure",
            FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, JAVA_SHORT, JAVA_SHORT, ADDRESS));
    rxQueueSetup =
        handle(
            dpdk,
            "rte_eth_rx_queue_setup",
            FunctionDescriptor.of(
                JAVA_INT, JAVA_SHORT, JAVA_SHORT, JAVA_SHORT, JAVA_INT, ADDRESS, ADDRESS));
    txQueueSetup =
        handle(
            dpdk,
            "rte_eth_tx_queue_setup",
            FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, JAVA_SHORT, JAVA_SHORT, JAVA_INT, ADDRESS));
    devStart = handle(dpdk, "rte_eth_dev_start", intPort);
    devStop = handle(dpdk, "rte_eth_dev_stop", intPort);
    devClose = handle(dpdk, "rte_eth_dev_close", intPort);
    statsGet = handle(dpdk, "rte_eth_stats_get", intPortPtr);
    statsReset = handle(dpdk, "rte_eth_stats_reset", intPort);
    linkGetNowait = handle(dpdk, "rte_eth_link_get_nowait", intPortPtr);
    final FunctionDescriptor reta =
        FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, ADDRESS, JAVA_SHORT);
    retaQuery = handle(dpdk, "rte_eth_dev_rss_reta_query", reta);
    retaUpdate = handle(dpdk, "rte_eth_dev_rss_reta_update", reta);
    portByName =
        handle(
            dpdk,
            "rte_eth_dev_get_port_by_name",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    nameByPort = handle(dpdk, "rte_eth_dev_get_name_by_port", intPortPtr);
    macAddrGet = handle(dpdk, "rte_eth_macaddr_get", intPortPtr);
    promiscuousEnable = handle(dpdk, "rte_eth_promiscuous_enable", intPort);
    socketId = handle(dpdk, "rte_eth_dev_socket_id", intPort);
    callRxCallbacks =
        handle(
            dpdk,
            "rte_eth_call_rx_callbacks",
            FunctionDescriptor.of(
                JAVA_SHORT, JAVA_SHORT, JAVA_SHORT, ADDRESS, JAVA_SHORT, JAVA_SHORT, ADDRESS));
    callTxCallbacks =
        handle(
            dpdk,
            "rte_eth_call_tx_callbacks",
            FunctionDescriptor.of(
                JAVA_SHORT, JAVA_SHORT, JAVA_SHORT, ADDRESS, JAVA_SHORT, ADDRESS));
    burstFunction =
        LINKER.downcallHandle(
            FunctionDescriptor.of(JAVA_SHORT, ADDRESS, ADDRESS, JAVA_SHORT),
            Linker.Option.critical(false));
    fpOps =
        dpdk.find("rte_eth_fp_ops")
            .orElseThrow(() -> new DpdkUnavailableException("symbol rte_eth_fp_ops missing"))
            .reinterpret(DpdkLayout.FP_OPS_SIZE * DpdkLayout.MAX_ETHPORTS);

    pktmbufPoolCreate =
        handle(
            dpdk,
            "rte_pktmbuf_pool_create",
            FunctionDescriptor.of(
                ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_SHORT, JAVA_SHORT, JAVA_INT));
    mempoolFree = handle(dpdk, "rte_mempool_free", FunctionDescriptor.ofVoid(ADDRESS));
    mempoolAvailCount =
        handle(dpdk, "rte_mempool_avail_count", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    pktmbufFreeBulk =
        handle(
            dpdk,
            "rte_pktmbuf_free_bulk",
            FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT),
            Linker.Option.critical(false));

    final FunctionDescriptor flowRule =
        FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
    flowValidate = handle(dpdk, "rte_flow_validate", flowRule);
    flowCreate =
        handle(
            dpdk,
            "rte_flow_create",
            FunctionDescriptor.of(ADDRESS, JAVA_SHORT, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    flowDestroy =
        handle(
            dpdk,
            "rte_flow_destroy",
            FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, ADDRESS, ADDRESS));
    flowFlush = handle(dpdk, "rte_flow_flush", intPortPtr);
    flowQuery = handle(dpdk, "rte_flow_query", flowRule);
    flowIsolate =
        handle(
            dpdk,
            "rte_flow_isolate",
            FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, JAVA_INT, ADDRESS));

    shimVersion = handle(shim, "vs_dpdk_version", FunctionDescriptor.of(JAVA_INT));
    shimErrno = handle(shim, "vs_errno", FunctionDescriptor.of(JAVA_INT));
    shimAllocBulk =
        handle(
            shim,
            "vs_pktmbuf_alloc_bulk",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT),
            Linker.Option.critical(false));
    final FunctionDescriptor burst =
        FunctionDescriptor.of(JAVA_SHORT, JAVA_SHORT, JAVA_SHORT, ADDRESS, JAVA_SHORT);
    shimRxBurst = handle(shim, "vs_rx_burst", burst, Linker.Option.critical(false));
    shimTxBurst = handle(shim, "vs_tx_burst", burst, Linker.Option.critical(false));
  }

  /**
   * The loaded bindings.
   *
   * @throws DpdkUnavailableException when DPDK or the shim cannot be loaded here.
   */
  static DpdkNative get() {
    DpdkNative loaded = instance;
    if (loaded != null) {
      return loaded;
    }
    synchronized (DpdkNative.class) {
      if (instance == null) {
        if (unavailableReason != null) {
          throw new DpdkUnavailableException(unavailableReason);
        }
        try {
          instance = load();
        } catch (final DpdkUnavailableException e) {
          unavailableReason =
              e.getMessage()
                  .substring(
                      DpdkUnavailableException.PREFIX.length() + 2, e.getMessage().length() - 1);
          throw e;
        }
      }
      return instance;
    }
  }

  /** True when DPDK and the shim load on this machine. */
  static boolean isAvailable() {
    try {
      get();
      return true;
    } catch (final DpdkUnavailableException e) {
      return false;
    }
  }

  private static DpdkNative load() {
    SymbolLookup dpdk = null;
    for (final String library : LIBRARIES) {
      final SymbolLookup lookup;
      try {
        lookup = SymbolLookup.libraryLookup(library, Arena.global());
      } catch (final IllegalArgumentException e) {
        throw new DpdkUnavailableException(library + " not found");
      }
      dpdk = dpdk == null ? lookup : dpdk.or(lookup);
    }
    final Path shimPath = shimPath();
    final SymbolLookup shim;
    try {
      shim = SymbolLookup.libraryLookup(shimPath, Arena.global());
    } catch (final IllegalArgumentException e) {
      throw new DpdkUnavailableException(
          "cannot load the shim " + shimPath + ": " + e.getMessage());
    }
    return new DpdkNative(dpdk, shim);
  }

  private static Path shimPath() {
    final String override = System.getProperty("vstack.dpdk.shim");
    if (override != null) {
      return Path.of(override);
    }
    final URL url = DpdkNative.class.getResource(SHIM_RESOURCE);
    if (url == null) {
      throw new DpdkUnavailableException(
          "libvstackdpdk.so was not built: the build needs gcc and"
              + " libdpdk-dev, then rebuild nic-offload");
    }
    try {
      if ("file".equals(url.getProtocol())) {
        return Path.of(url.toURI());
      }
      final Path copy = Files.createTempFile("libvstackdpdk", ".so");
      copy.toFile().deleteOnExit();
      try (InputStream in = url.openStream()) {
        Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
      }
      return copy;
    } catch (final IOException | URISyntaxException e) {
      throw new DpdkUnavailableException("cannot unpack libvstackdpdk.so: " + e.getMessage());
    }
  }

  private static MethodHandle handle(
      final SymbolLookup lookup,
      final String name,
      final FunctionDescriptor descriptor,
      final Linker.Option... options) {
    final MemorySegment symbol =
        lookup
            .find(name)
            .orElseThrow(() -> new DpdkUnavailableException("symbol " + name + " missing"));
    return LINKER.downcallHandle(symbol, descriptor, options);
  }

  /** DPDK's text for a positive error number, as {@code rte_strerror} gives it. */
  String strerror(final int errno) {
    try {
      final MemorySegment text = (MemorySegment) strerror.invokeExact(errno);
      return text.reinterpret(Long.MAX_VALUE).getString(0);
    } catch (final Throwable t) {
      throw rethrow(t);
    }
  }

  /** The calling thread's {@code rte_errno}. */
  int errno() {
    try {
      return (int) shimErrno.invokeExact();
    } catch (final Throwable t) {
      throw rethrow(t);
    }
  }

  /** Checks a DPDK return code: negative means {@code -errno}. */
  int check(final String call, final int result) {
    if (result < 0) {
      throw new DpdkException(call, -result, strerror(-result));
    }
    return result;
  }

  /** Fails with the calling thread's {@code rte_errno}, for calls that return NULL or -1. */
  DpdkException errnoFailure(final String call) {
    final int errno = errno();
    return new DpdkException(call, errno, strerror(errno));
  }

  static RuntimeException rethrow(final Throwable t) {
    if (t instanceof RuntimeException runtime) {
      return runtime;
    }
    if (t instanceof Error error) {
      throw error;
    }
    return new IllegalStateException(t);
  }
}
