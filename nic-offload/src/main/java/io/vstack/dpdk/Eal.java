package io.vstack.dpdk;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * DPDK's Environment Abstraction Layer, initialised at most once per process (a DPDK rule: {@code
 * rte_eal_init} cannot run twice, not even after {@code rte_eal_cleanup}).
 *
 * <p>{@code rte_eal_init} pins the thread that calls it, and every thread that thread creates
 * afterwards, to the main lcore. So the EAL gets a thread of its own, {@value #THREAD_NAME}: it
 * runs {@code rte_eal_init}, then serves {@link #call} requests until {@link #cleanup()}. Callers:
 *
 * <ul>
 *   <li>start it once with {@link #start(List)} ({@code Eal.start(List.of("-l", "0", "--no-huge",
 *       ...))}) and from then on use {@link #get()}; a second {@code start} with the same arguments
 *       returns the running EAL (tests of one JVM share it), with other arguments it fails, because
 *       vdevs and memory are fixed at init;
 *   <li>call control functions (ethdev setup, mempools, rte_flow) from any thread: DPDK allows that
 *       for ethdev control calls;
 *   <li>a thread that moves packets calls {@link #registerCurrentThread()} once, so DPDK gives it
 *       an lcore id and mempool caches (without one, mbuf alloc/free bypass the per-lcore cache:
 *       correct but slower);
 *   <li>never start Java threads from code passed to {@link #call}: they would inherit the main
 *       lcore's CPU pinning.
 * </ul>
 */
public final class Eal {
  /** Name of the thread that ran {@code rte_eal_init} and owns the main lcore. */
  public static final String THREAD_NAME = "dpdk-eal-main";

  private static final Object LOCK = new Object();
  private static Eal instance;
  private static RuntimeException failure;

  private final List<String> args;
  private final DpdkNative dpdk;
  private final BlockingQueue<Runnable> requests = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean cleanedUp;

  private Eal(final List<String> args, final DpdkNative dpdk) {
    this.args = List.copyOf(args);
    this.dpdk = dpdk;
    this.thread = new Thread(this::run, THREAD_NAME);
    this.thread.setDaemon(true);
  }

  /**
   * Initialises the EAL with {@code args} (without the program name), or returns the EAL already
   * running with the same arguments.
   *
   * @throws DpdkUnavailableException when DPDK is not installed.
   * @throws DpdkException when {@code rte_eal_init} fails (DPDK's reason in the message).
   * @throws IllegalStateException when the EAL runs with other arguments, or init failed before.
   */
  public static Eal start(final List<String> args) {
    synchronized (LOCK) {
      if (instance != null) {
        instance.checkRunning();
        if (!instance.args.equals(args)) {
          throw new IllegalStateException(
              "the DPDK EAL already runs with "
                  + instance.args
                  + "; it can be initialised once per process, so use the same arguments");
        }
        return instance;
      }
      if (failure != null) {
        throw new IllegalStateException(
            "rte_eal_init already failed in this process: " + failure.getMessage(), failure);
      }
      final Eal eal = new Eal(args, DpdkNative.get());
      final CompletableFuture<Integer> init = new CompletableFuture<>();
      eal.requests.add(
          () -> {
            try {
              init.complete(eal.init());
            } catch (final RuntimeException e) {
              eal.cleanedUp = true;
              init.completeExceptionally(e);
            }
          });
      eal.thread.start();
      try {
        init.get();
      } catch (final InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for rte_eal_init", e);
      } catch (final ExecutionException e) {
        failure = DpdkNative.rethrow(e.getCause());
        throw failure;
      }
      instance = eal;
      return eal;
    }
  }

  /**
   * EAL arguments for virtual devices only, as tests and demos use them: one lcore, no hugepages
   * (256 MB of ordinary memory), no PCI scan, no shared config files, EAL warnings only, then one
   * {@code --vdev=} per entry of {@code vdevs} (e.g. {@code net_af_packet0,iface=veth0}).
   */
  public static List<String> vdevArguments(final List<String> vdevs) {
    final List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "-l",
                "0",
                "--no-huge",
                "--no-pci",
                "-m",
                "256",
                "--no-shconf",
                "--log-level=lib.eal:warning"));
    for (final String vdev : vdevs) {
      args.add("--vdev=" + vdev);
    }
    return List.copyOf(args);
  }

  /**
   * The running EAL.
   *
   * @throws IllegalStateException when {@link #start(List)} has not succeeded.
   */
  public static Eal get() {
    synchronized (LOCK) {
      if (instance == null) {
        throw new IllegalStateException("the DPDK EAL is not started: call Eal.start(args) first");
      }
      instance.checkRunning();
      return instance;
    }
  }

  /** True when DPDK's libraries and the shim load on this machine (the EAL may not run yet). */
  public static boolean isAvailable() {
    return DpdkNative.isAvailable();
  }

  /** The arguments the EAL was initialised with. */
  public List<String> args() {
    return args;
  }

  /** The DPDK version the shim was compiled against, e.g. 221111 for 22.11.11. */
  public int shimVersion() {
    try {
      return (int) dpdk.shimVersion.invokeExact();
    } catch (final Throwable t) {
      throw DpdkNative.rethrow(t);
    }
  }

  /**
   * Gives the calling thread a DPDK lcore id (and so mempool caches); idempotent per thread.
   *
   * @throws DpdkException when DPDK has no free lcore id left.
   */
  public void registerCurrentThread() {
    checkRunning();
    final int result;
    try {
      result = (int) dpdk.threadRegister.invokeExact();
    } catch (final Throwable t) {
      throw DpdkNative.rethrow(t);
    }
    if (result < 0) {
      throw dpdk.errnoFailure("rte_thread_register");
    }
  }

  /** Runs {@code task} on the EAL's own thread (the main lcore) and returns its result. */
  public <T> T call(final Callable<T> task) {
    checkRunning();
    if (Thread.currentThread() == thread) {
      try {
        return task.call();
      } catch (final Exception e) {
        throw DpdkNative.rethrow(e);
      }
    }
    final CompletableFuture<T> result = new CompletableFuture<>();
    requests.add(
        () -> {
          try {
            result.complete(task.call());
          } catch (final Throwable t) {
            result.completeExceptionally(t);
          }
        });
    try {
      return result.get();
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the EAL thread", e);
    } catch (final ExecutionException e) {
      throw DpdkNative.rethrow(e.getCause());
    }
  }

  /**
   * Releases DPDK's resources ({@code rte_eal_cleanup}) and ends the EAL thread. DPDK cannot be
   * initialised again in this process afterwards.
   */
  public void cleanup() {
    synchronized (LOCK) {
      if (cleanedUp) {
        return;
      }
      call(
          () -> {
            try {
              return dpdk.check("rte_eal_cleanup", (int) dpdk.ealCleanup.invokeExact());
            } catch (final Throwable t) {
              throw DpdkNative.rethrow(t);
            }
          });
      cleanedUp = true;
      requests.add(() -> {});
    }
  }

  private void checkRunning() {
    if (cleanedUp) {
      throw new IllegalStateException(
          "the DPDK EAL was cleaned up; it cannot run again in this" + " process");
    }
  }

  private int init() {
    // EAL keeps pointers into argv (and permutes it), so argv lives as long as the process.
    final Arena arena = Arena.global();
    final MemorySegment argv = arena.allocate(ValueLayout.ADDRESS, args.size() + 2L);
    argv.setAtIndex(ValueLayout.ADDRESS, 0, arena.allocateFrom("vstack"));
    for (int i = 0; i < args.size(); i++) {
      argv.setAtIndex(ValueLayout.ADDRESS, i + 1, arena.allocateFrom(args.get(i)));
    }
    final int result;
    try {
      result = (int) dpdk.ealInit.invokeExact(args.size() + 1, argv);
    } catch (final Throwable t) {
      throw DpdkNative.rethrow(t);
    }
    if (result < 0) {
      throw dpdk.errnoFailure("rte_eal_init " + args);
    }
    return result;
  }

  private void run() {
    while (!cleanedUp) {
      try {
        requests.take().run();
      } catch (final InterruptedException e) {
        return;
      }
    }
  }
}
