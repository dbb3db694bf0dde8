package io.vstack.doca;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A DOCA device ({@code struct doca_dev}) opened by PCI address and probed into DPDK, per
 * DOCA-NOTES.md section 2 (call EAL first with {@code -a pci:00:00.0 -a auxiliary:} so EAL probes
 * nothing itself). Not run on hardware.
 */
public final class DocaDevice implements AutoCloseable {
  private final DocaFlowApi api;
  private final MemorySegment handle;
  private boolean closed;

  private DocaDevice(final DocaFlowApi api, final MemorySegment handle) {
    this.api = api;
    this.handle = handle;
  }

  /**
   * Opens the device at {@code pciAddress} (e.g. {@code 03:00.0}).
   *
   * @throws DocaException when no DOCA device has that address
   */
  public static DocaDevice open(final DocaFlowApi api, final String pciAddress) {
    try (Arena call = Arena.ofConfined()) {
      final MemorySegment listOut = call.allocate(ADDRESS);
      final MemorySegment count = call.allocate(JAVA_INT);
      api.check(
          "doca_devinfo_create_list", (int) api.devinfoCreateList.invokeExact(listOut, count));
      final MemorySegment list =
          listOut.get(ADDRESS, 0).reinterpret(ADDRESS.byteSize() * count.get(JAVA_INT, 0));
      try {
        final MemorySegment pci = call.allocateFrom(pciAddress);
        final MemorySegment equal = call.allocate(JAVA_BYTE);
        for (int i = 0; i < count.get(JAVA_INT, 0); i++) {
          final MemorySegment info = list.getAtIndex(ADDRESS, i);
          api.check(
              "doca_devinfo_is_equal_pci_addr",
              (int) api.devinfoIsEqualPciAddr.invokeExact(info, pci, equal));
          if (equal.get(JAVA_BYTE, 0) != 0) {
            final MemorySegment devOut = call.allocate(ADDRESS);
            api.check("doca_dev_open", (int) api.devOpen.invokeExact(info, devOut));
            return new DocaDevice(api, devOut.get(ADDRESS, 0));
          }
        }
        throw new DocaException(
            "opening DOCA device " + pciAddress, -1, "no DOCA device has that PCI address");
      } finally {
        final int ignored = (int) api.devinfoDestroyList.invokeExact(listOut.get(ADDRESS, 0));
      }
    } catch (final Throwable t) {
      throw DocaFlowApi.rethrow(t);
    }
  }

  /**
   * Probes the device into DPDK ({@code doca_dpdk_port_probe}) and returns its DPDK port id.
   *
   * @param devargs mlx5 devargs without the PCI address, e.g. {@code dv_flow_en=2,dv_xmeta_en=4}
   */
  public int probeDpdkPort(final String devargs) {
    try (Arena call = Arena.ofConfined()) {
      api.check(
          "doca_dpdk_port_probe",
          (int) api.dpdkPortProbe.invokeExact(handle, call.allocateFrom(devargs)));
      final MemorySegment port = call.allocate(JAVA_SHORT);
      api.check(
          "doca_dpdk_get_first_port_id", (int) api.dpdkGetFirstPortId.invokeExact(handle, port));
      return Short.toUnsignedInt(port.get(JAVA_SHORT, 0));
    } catch (final Throwable t) {
      throw DocaFlowApi.rethrow(t);
    }
  }

  MemorySegment handle() {
    return handle;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      try {
        final int ignored = (int) api.devClose.invokeExact(handle);
      } catch (final Throwable t) {
        throw DocaFlowApi.rethrow(t);
      }
    }
  }
}
