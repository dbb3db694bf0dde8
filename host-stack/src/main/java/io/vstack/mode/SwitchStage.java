package io.vstack.mode;

import io.vstack.port.FrameBatch;
import io.vstack.port.MemoryPort;
import io.vstack.port.Port;
import io.vstack.wire.MacAddress;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The virtual switch stage of {@link StackMode#LAYERED}, as a classic VM host has one between each
 * VM's virtual NIC and the uplink: every tenant gets a virtual NIC ({@link #vmPort}), a ring of its
 * own (a {@link MemoryPort} wire, so each frame is copied into the ring and out of it again, like a
 * virtio queue), and the switch forwards between that ring and the tenant's uplink port (its
 * overlay port). Inbound frames pass only when addressed to the tenant's vMAC or to a group address
 * (the forwarding table lookup); outbound frames go to the tenant's uplink unchanged.
 *
 * <pre>
 *   uplink(slot).receive ─► destination MAC lookup ─► [vNIC ring, copy] ─► vmPort(slot).receive
 *   vmPort(slot).transmit ─► [vNIC ring, copy] ─► uplink(slot).transmit
 * </pre>
 *
 * <p>Single-threaded; steady state allocates nothing.
 */
public final class SwitchStage implements AutoCloseable {
  private static final int RING_SLOTS = 256;

  private final Port[] uplinks;
  private final long[] macs;
  private final MemoryPort.Pair[] vnics;
  private final FrameBatch moving;
  private final FrameBatch passing;
  private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
  private long framesToTenants;
  private long framesFromTenants;
  private long bytesToTenants;
  private long bytesFromTenants;
  private long unknownDestination;
  private long uplinkRefused;

  /**
   * @param uplinks per tenant slot, the port towards the rest of the host (not closed here)
   * @param macs per tenant slot, the vMAC of its virtual NIC
   */
  public SwitchStage(final Port[] uplinks, final long[] macs) {
    if (uplinks.length != macs.length) {
      throw new IllegalArgumentException("one vMAC per uplink");
    }
    this.uplinks = uplinks.clone();
    this.macs = macs.clone();
    this.vnics = new MemoryPort.Pair[uplinks.length];
    int frameCapacity = FrameBatch.DEFAULT_FRAME_CAPACITY;
    for (int slot = 0; slot < uplinks.length; slot++) {
      final int maxFrame = uplinks[slot].maxFrameLength();
      frameCapacity = Math.max(frameCapacity, maxFrame);
      vnics[slot] = MemoryPort.pair("vnic" + slot, "vswitch" + slot, RING_SLOTS, maxFrame);
    }
    this.moving = new FrameBatch(FrameBatch.DEFAULT_CAPACITY, frameCapacity);
    this.passing = new FrameBatch(FrameBatch.DEFAULT_CAPACITY, frameCapacity);
  }

  /** The virtual NIC of the tenant in {@code slot}, for its stack to drive. */
  public Port vmPort(final int slot) {
    return vnics[slot].a();
  }

  /**
   * Forwards one burst per tenant from its uplink into its virtual NIC's ring.
   *
   * @return frames forwarded
   */
  public int forwardInbound() {
    int work = 0;
    for (int slot = 0; slot < uplinks.length; slot++) {
      moving.clear();
      passing.clear();
      final int received = uplinks[slot].receive(moving);
      for (int i = 0; i < received; i++) {
        moving.wrap(i, view);
        final int length = moving.length(i);
        if (length < MacAddress.LENGTH || !forTenant(slot, view)) {
          unknownDestination++;
          continue;
        }
        passing.addExternal(moving.address(i), length);
        bytesToTenants += length;
      }
      if (!passing.isEmpty()) {
        vnics[slot].b().transmit(passing);
        framesToTenants += passing.size();
      }
      work += received;
    }
    return work;
  }

  /**
   * Forwards one burst per tenant from its virtual NIC's ring to its uplink.
   *
   * @return frames forwarded
   */
  public int forwardOutbound() {
    int work = 0;
    for (int slot = 0; slot < uplinks.length; slot++) {
      moving.clear();
      final int received = vnics[slot].b().receive(moving);
      if (received > 0) {
        final int taken = uplinks[slot].transmit(moving);
        for (int i = 0; i < taken; i++) {
          bytesFromTenants += moving.length(i);
        }
        framesFromTenants += taken;
        uplinkRefused += received - taken;
        work += received;
      }
    }
    return work;
  }

  private boolean forTenant(final int slot, final UnsafeBuffer frame) {
    final long destination = MacAddress.read(frame, 0);
    return destination == macs[slot] || MacAddress.isMulticast(destination);
  }

  /** Frames copied into the tenants' rings. */
  public long framesToTenants() {
    return framesToTenants;
  }

  /** Frames taken from the tenants' rings and sent up the uplinks. */
  public long framesFromTenants() {
    return framesFromTenants;
  }

  /** Bytes of {@link #framesToTenants()}. */
  public long bytesToTenants() {
    return bytesToTenants;
  }

  /** Bytes of {@link #framesFromTenants()}. */
  public long bytesFromTenants() {
    return bytesFromTenants;
  }

  /** Inbound frames dropped because no virtual NIC of the tenant has their destination MAC. */
  public long unknownDestination() {
    return unknownDestination;
  }

  /** Outbound frames the uplink did not take (dropped here, like a full NIC queue). */
  public long uplinkRefused() {
    return uplinkRefused;
  }

  @Override
  public void close() {
    for (final MemoryPort.Pair vnic : vnics) {
      vnic.close();
    }
    moving.close();
    passing.close();
  }
}
