package io.vstack.doca;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.List;

/**
 * Downcall handles for the DOCA 3.3 functions vstack's steering needs, exactly those DOCA-NOTES.md
 * documents (section 1 call sequence, section 2 device opening). All handles are opaque pointers
 * ({@code ADDRESS}); {@code doca_error_t} is an int (0 = DOCA_SUCCESS), {@code uint16_t} is {@code
 * JAVA_SHORT}, {@code bool} is {@code JAVA_BOOLEAN}.
 *
 * <p><b>Unverified without hardware</b>: the signatures come from public headers and samples, not
 * from an installed SDK. The ones the notes mark as changing between releases are pinned to 3.3:
 * {@code doca_flow_pipe_basic_add_entry} (3.2 and older: {@code doca_flow_pipe_add_entry}) and
 * {@code doca_flow_port_cfg_set_port_id}; binding fails with {@link DocaUnavailableException} when
 * a symbol is missing, which is how an older SDK shows. Functions whose return type the notes leave
 * open ({@code doca_flow_port_pipes_flush}) are bound as returning nothing, which is safe under the
 * SysV and AAPCS64 calling conventions.
 */
public final class DocaFlowApi {
  private static final Linker LINKER = Linker.nativeLinker();

  // libdoca_common: errors, devices
  final MethodHandle errorGetDescr;
  final MethodHandle devinfoCreateList;
  final MethodHandle devinfoDestroyList;
  final MethodHandle devinfoIsEqualPciAddr;
  final MethodHandle devOpen;
  final MethodHandle devClose;
  // libdoca_dpdk_bridge
  final MethodHandle dpdkPortProbe;
  final MethodHandle dpdkGetFirstPortId;
  // libdoca_flow: global configuration
  final MethodHandle cfgCreate;
  final MethodHandle cfgSetPipeQueues;
  final MethodHandle cfgSetModeArgs;
  final MethodHandle cfgSetNrCounters;
  final MethodHandle cfgDestroy;
  final MethodHandle init;
  final MethodHandle destroy;
  // ports
  final MethodHandle portCfgCreate;
  final MethodHandle portCfgSetDev;
  final MethodHandle portCfgSetPortId;
  final MethodHandle portCfgDestroy;
  final MethodHandle portStart;
  final MethodHandle portStop;
  final MethodHandle portPipesFlush;
  // pipes and entries
  final MethodHandle pipeCfgCreate;
  final MethodHandle pipeCfgSetName;
  final MethodHandle pipeCfgSetType;
  final MethodHandle pipeCfgSetIsRoot;
  final MethodHandle pipeCfgSetNrEntries;
  final MethodHandle pipeCfgSetMatch;
  final MethodHandle pipeCfgSetActions;
  final MethodHandle pipeCfgSetMonitor;
  final MethodHandle pipeCfgDestroy;
  final MethodHandle pipeCreate;
  final MethodHandle pipeDestroy;
  final MethodHandle pipeBasicAddEntry;
  final MethodHandle entriesProcess;
  final MethodHandle entryGetStatus;
  final MethodHandle resourceQueryEntry;

  private DocaFlowApi(final SymbolLookup lookup) {
    final Binder b = new Binder(lookup);
    errorGetDescr = b.bind("doca_error_get_descr", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    devinfoCreateList = b.error("doca_devinfo_create_list", ADDRESS, ADDRESS);
    devinfoDestroyList = b.error("doca_devinfo_destroy_list", ADDRESS);
    devinfoIsEqualPciAddr = b.error("doca_devinfo_is_equal_pci_addr", ADDRESS, ADDRESS, ADDRESS);
    devOpen = b.error("doca_dev_open", ADDRESS, ADDRESS);
    devClose = b.error("doca_dev_close", ADDRESS);
    dpdkPortProbe = b.error("doca_dpdk_port_probe", ADDRESS, ADDRESS);
    dpdkGetFirstPortId = b.error("doca_dpdk_get_first_port_id", ADDRESS, ADDRESS);
    cfgCreate = b.error("doca_flow_cfg_create", ADDRESS);
    cfgSetPipeQueues = b.error("doca_flow_cfg_set_pipe_queues", ADDRESS, JAVA_SHORT);
    cfgSetModeArgs = b.error("doca_flow_cfg_set_mode_args", ADDRESS, ADDRESS);
    cfgSetNrCounters = b.error("doca_flow_cfg_set_nr_counters", ADDRESS, JAVA_INT);
    cfgDestroy = b.error("doca_flow_cfg_destroy", ADDRESS);
    init = b.error("doca_flow_init", ADDRESS);
    destroy = b.bind("doca_flow_destroy", FunctionDescriptor.ofVoid());
    portCfgCreate = b.error("doca_flow_port_cfg_create", ADDRESS);
    portCfgSetDev = b.error("doca_flow_port_cfg_set_dev", ADDRESS, ADDRESS);
    portCfgSetPortId = b.error("doca_flow_port_cfg_set_port_id", ADDRESS, JAVA_SHORT);
    portCfgDestroy = b.error("doca_flow_port_cfg_destroy", ADDRESS);
    portStart = b.error("doca_flow_port_start", ADDRESS, ADDRESS);
    portStop = b.error("doca_flow_port_stop", ADDRESS);
    portPipesFlush = b.bind("doca_flow_port_pipes_flush", FunctionDescriptor.ofVoid(ADDRESS));
    pipeCfgCreate = b.error("doca_flow_pipe_cfg_create", ADDRESS, ADDRESS);
    pipeCfgSetName = b.error("doca_flow_pipe_cfg_set_name", ADDRESS, ADDRESS);
    pipeCfgSetType = b.error("doca_flow_pipe_cfg_set_type", ADDRESS, JAVA_INT);
    pipeCfgSetIsRoot = b.error("doca_flow_pipe_cfg_set_is_root", ADDRESS, JAVA_BOOLEAN);
    pipeCfgSetNrEntries = b.error("doca_flow_pipe_cfg_set_nr_entries", ADDRESS, JAVA_INT);
    pipeCfgSetMatch = b.error("doca_flow_pipe_cfg_set_match", ADDRESS, ADDRESS, ADDRESS);
    pipeCfgSetActions =
        b.error("doca_flow_pipe_cfg_set_actions", ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG);
    pipeCfgSetMonitor = b.error("doca_flow_pipe_cfg_set_monitor", ADDRESS, ADDRESS);
    pipeCfgDestroy = b.error("doca_flow_pipe_cfg_destroy", ADDRESS);
    pipeCreate = b.error("doca_flow_pipe_create", ADDRESS, ADDRESS, ADDRESS, ADDRESS);
    pipeDestroy = b.bind("doca_flow_pipe_destroy", FunctionDescriptor.ofVoid(ADDRESS));
    pipeBasicAddEntry =
        b.error(
            "doca_flow_pipe_basic_add_entry",
            JAVA_SHORT,
            ADDRESS,
            ADDRESS,
            JAVA_BYTE,
            ADDRESS,
            ADDRESS,
            ADDRESS,
            JAVA_INT,
            ADDRESS,
            ADDRESS);
    entriesProcess = b.error("doca_flow_entries_process", ADDRESS, JAVA_SHORT, JAVA_LONG, JAVA_INT);
    entryGetStatus =
        b.bind("doca_flow_pipe_entry_get_status", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    resourceQueryEntry = b.error("doca_flow_resource_query_entry", ADDRESS, ADDRESS);
  }

  /**
   * Loads the DOCA libraries (see {@link DocaLibraries}) into a process-lifetime arena and binds
   * every function.
   *
   * @throws DocaUnavailableException when DOCA Flow is not installed or is not release 3.3
   */
  public static DocaFlowApi load() {
    return load(DocaLibraries.searchDirectories(), true);
  }

  static DocaFlowApi load(final List<Path> directories, final boolean linkerPath) {
    return new DocaFlowApi(DocaLibraries.open(Arena.global(), directories, linkerPath));
  }

  /** DOCA's description of {@code error} ({@code doca_error_get_descr}). */
  public String describe(final int error) {
    try {
      final MemorySegment text = (MemorySegment) errorGetDescr.invokeExact(error);
      return text.address() == 0 ? "unknown DOCA error" : text.reinterpret(1024).getString(0);
    } catch (final Throwable t) {
      throw rethrow(t);
    }
  }

  /** Throws {@link DocaException} unless {@code error} is DOCA_SUCCESS. */
  void check(final String operation, final int error) {
    if (error != 0) {
      throw new DocaException(operation, error, describe(error));
    }
  }

  static RuntimeException rethrow(final Throwable t) {
    if (t instanceof RuntimeException e) {
      return e;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new IllegalStateException(t);
  }

  /** Binds symbols from one lookup, failing with the missing symbol's name. */
  private static final class Binder {
    private final SymbolLookup lookup;

    Binder(final SymbolLookup lookup) {
      this.lookup = lookup;
    }

    /** A function returning {@code doca_error_t}. */
    MethodHandle error(final String name, final java.lang.foreign.MemoryLayout... args) {
      return bind(name, FunctionDescriptor.of(JAVA_INT, args));
    }

    MethodHandle bind(final String name, final FunctionDescriptor descriptor) {
      final MemorySegment symbol =
          lookup
              .find(name)
              .orElseThrow(
                  () ->
                      new DocaUnavailableException(
                          name + " missing: vstack binds the DOCA 3.3 API"));
      return LINKER.downcallHandle(symbol, descriptor);
    }
  }
}
