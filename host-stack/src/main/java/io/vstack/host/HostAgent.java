package io.vstack.host;

import io.vstack.arp.ArpCache;
import io.vstack.arp.ArpWriter;
import io.vstack.port.FrameBatch;
import io.vstack.port.Port;
import io.vstack.wire.ArpPacket;
import io.vstack.wire.EthernetFrame;
import io.vstack.wire.Icmpv4Packet;
import io.vstack.wire.Ipv4FrameWriter;
import io.vstack.wire.Ipv4Packet;
import io.vstack.wire.MacAddress;
import io.vstack.wire.WireError;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A minimal IPv4 host on one {@link Port}: answers ARP for its address (learning mappings as RFC
 * 826 says), answers ICMP echo requests, and sends echo requests of its own, resolving the
 * destination first. Other IPv4 protocols go to the {@link Ipv4ProtocolHandler} registered for them
 * (e.g. TCP), which send through {@link #beginIpv4}; everything else is counted and dropped.
 *
 * <p>An Agrona {@link Agent}: each {@link #doWork()} polls ARP timers, receives one burst, answers
 * it and flushes the replies as one transmit burst. Buffers and views are allocated once, so the
 * duty cycle allocates nothing per frame.
 */
public final class HostAgent implements Agent, ArpCache.ResolutionListener {
  /** Echo data long enough to carry the send timestamp, like ping's default 56 bytes. */
  public static final int DEFAULT_ECHO_DATA_LENGTH = 56;

  private static final int MAX_PENDING_ECHOES = 16;
  private static final int TIMESTAMP_LENGTH = 8;

  private final Port port;
  private final long mac;
  private final int address;
  private final NanoClock clock;
  private final HostListener listener;
  private final ArpCache arpCache;
  private final HostCounters counters = new HostCounters();
  private final FrameBatch rx;
  private final FrameBatch tx;
  private final UnsafeBuffer rxView = new UnsafeBuffer(0, 0);
  private final UnsafeBuffer txView = new UnsafeBuffer(0, 0);
  private final EthernetFrame ethernet = new EthernetFrame();
  private final ArpPacket arp = new ArpPacket();
  private final Ipv4Packet ipv4 = new Ipv4Packet();
  private final Icmpv4Packet icmp = new Icmpv4Packet();
  private final ArpWriter arpWriter = new ArpWriter();
  private final Ipv4FrameWriter ipv4Writer = new Ipv4FrameWriter();
  private final Icmpv4Packet txIcmp = new Icmpv4Packet();

  // Echo requests waiting for ARP: destination, identifier, sequence, data length; slot free when
  // destination is 0.
  private final int[] pendingDestination = new int[MAX_PENDING_ECHOES];
  private final int[] pendingIdentifier = new int[MAX_PENDING_ECHOES];
  private final int[] pendingSequence = new int[MAX_PENDING_ECHOES];
  private final int[] pendingDataLength = new int[MAX_PENDING_ECHOES];
  private final Ipv4ProtocolHandler[] protocolHandlers = new Ipv4ProtocolHandler[256];

  public HostAgent(final HostContext context) {
    if (!context.isConcluded()) {
      context.conclude();
    }
    this.port = context.port();
    this.mac = context.mac();
    this.address = context.address();
    this.clock = context.clock();
    this.listener = context.listener();
    this.arpCache =
        new ArpCache(
            context.arpCapacity(),
            context.arpReachableNanos(),
            context.arpRetryNanos(),
            context.arpProbes());
    final int frameCapacity = Math.max(FrameBatch.DEFAULT_FRAME_CAPACITY, port.maxFrameLength());
    this.rx = new FrameBatch(FrameBatch.DEFAULT_CAPACITY, frameCapacity);
    this.tx = new FrameBatch(FrameBatch.DEFAULT_CAPACITY, frameCapacity);
  }

  @Override
  public String roleName() {
    return "host-" + port.name();
  }

  @Override
  public int doWork() {
    int work = arpCache.poll(clock.nanoTime(), this);
    rx.clear();
    final int received = port.receive(rx);
    for (int i = 0; i < received; i++) {
      rx.wrap(i, rxView);
      onFrame(rxView, rx.length(i));
    }
    work += received;
    flush();
    return work;
  }

  /**
   * Sends an ICMP echo request to {@code destination}, resolving its MAC first if needed. The first
   * 8 data bytes carry the send time so the reply yields the round trip.
   *
   * @return false when too many requests already wait for ARP (the request is dropped)
   */
  public boolean sendEchoRequest(
      final int destination, final int identifier, final int sequence, final int dataLength) {
    if (dataLength < 0
        || EthernetFrame.HEADER_LENGTH
                + Ipv4Packet.MIN_HEADER_LENGTH
                + Icmpv4Packet.HEADER_LENGTH
                + dataLength
            > tx.frameCapacity()) {
      throw new IllegalArgumentException("echo data length out of range: " + dataLength);
    }
    final long now = clock.nanoTime();
    final long destinationMac = arpCache.lookup(destination, now);
    if (destinationMac != ArpCache.NO_MAC) {
      emitEchoRequest(destinationMac, destination, identifier, sequence, dataLength, now);
      flush();
      return true;
    }
    for (int slot = 0; slot < MAX_PENDING_ECHOES; slot++) {
      if (pendingDestination[slot] == 0) {
        pendingDestination[slot] = destination;
        pendingIdentifier[slot] = identifier;
        pendingSequence[slot] = sequence;
        pendingDataLength[slot] = dataLength;
        if (arpCache.startResolution(destination, now)) {
          emitArpRequest(destination);
          flush();
        }
        return true;
      }
    }
    return false;
  }

  /**
   * Makes sure {@code address}'s MAC gets resolved: sends an ARP request unless a fresh mapping
   * exists or a resolution is already under way (retries then follow from {@link #doWork()}). For a
   * component that shares this host's port and learns the answer itself, e.g. an overlay endpoint
   * resolving a remote VTEP.
   *
   * @return true when a fresh mapping already exists
   */
  public boolean resolve(final int address) {
    final long now = clock.nanoTime();
    if (arpCache.lookup(address, now) != ArpCache.NO_MAC) {
      return true;
    }
    if (arpCache.startResolution(address, now)) {
      emitArpRequest(address);
      flush();
    }
    return false;
  }

  /**
   * Hands every well-formed IPv4 packet for this host that carries {@code protocol} to {@code
   * handler} (replacing any earlier one). ICMP stays with the host.
   */
  public void register(final int protocol, final Ipv4ProtocolHandler handler) {
    if (protocol < 0 || protocol > 255 || protocol == Ipv4Packet.PROTOCOL_ICMP) {
      throw new IllegalArgumentException("protocol must be 0..255 and not ICMP: " + protocol);
    }
    protocolHandlers[protocol] = handler;
  }

  /**
   * Claims a transmit frame and writes its Ethernet and IPv4 headers (no options, DF set) for a
   * packet of {@code payloadLength} bytes to {@code destination}; the caller writes the payload
   * into {@link #txBuffer()} at the returned offset before the next call into this host. The frame
   * leaves with the next {@link #flush()} (at the latest at the end of {@link #doWork()}).
   *
   * @param ecn the IP ECN codepoint ({@code Ipv4Packet.ECN_*})
   * @return the payload offset in {@link #txBuffer()}, or -1 when the packet was dropped: the next
   *     hop's MAC is not known yet (a resolution is started, counted as unresolved) or the port
   *     took no frame (counted as txDropped)
   */
  public int beginIpv4(
      final int destination, final int protocol, final int ecn, final int payloadLength) {
    final int frameLength =
        EthernetFrame.HEADER_LENGTH + Ipv4Packet.MIN_HEADER_LENGTH + payloadLength;
    if (payloadLength < 0 || frameLength > tx.frameCapacity()) {
      throw new IllegalArgumentException("IPv4 payload length out of range: " + payloadLength);
    }
    final long now = clock.nanoTime();
    final long destinationMac = arpCache.lookup(destination, now);
    if (destinationMac == ArpCache.NO_MAC) {
      counters.unresolved++;
      if (arpCache.startResolution(destination, now)) {
        emitArpRequest(destination);
      }
      return -1;
    }
    final int slot = claimTx();
    if (slot < 0) {
      return -1;
    }
    tx.wrapForWrite(slot, txView);
    writeIpv4Header(destinationMac, destination, protocol, ecn, payloadLength);
    tx.length(slot, frameLength);
    return Ipv4FrameWriter.HEADERS_LENGTH;
  }

  /**
   * The largest IPv4 payload {@link #beginIpv4} can send in one frame on this port (no options).
   */
  public int maxIpv4PayloadLength() {
    return Math.min(port.maxFrameLength(), tx.frameCapacity())
        - EthernetFrame.HEADER_LENGTH
        - Ipv4Packet.MIN_HEADER_LENGTH;
  }

  /** The frame {@link #beginIpv4} last prepared. */
  public MutableDirectBuffer txBuffer() {
    return txView;
  }

  /** Sends the frames prepared so far as one burst. */
  public void flush() {
    if (tx.isEmpty()) {
      return;
    }
    final int sent = port.transmit(tx);
    counters.txDropped += tx.size() - sent;
    tx.clear();
  }

  public HostCounters counters() {
    return counters;
  }

  public long mac() {
    return mac;
  }

  public int address() {
    return address;
  }

  @Override
  public void onRetry(final int target) {
    emitArpRequest(target);
  }

  @Override
  public void onResolutionFailed(final int target) {
    for (int slot = 0; slot < MAX_PENDING_ECHOES; slot++) {
      if (pendingDestination[slot] == target) {
        pendingDestination[slot] = 0;
      }
    }
    listener.onArpFailed(target);
  }

  private void onFrame(final UnsafeBuffer frame, final int length) {
    final WireError ethernetError = ethernet.wrap(frame, 0, length);
    if (ethernetError != WireError.OK) {
      counters.onMalformed(ethernetError);
      return;
    }
    final long destination = ethernet.destination();
    if (destination != mac && destination != MacAddress.BROADCAST) {
      counters.notForUs++;
      return;
    }
    switch (ethernet.etherType()) {
      case EthernetFrame.TYPE_ARP -> onArp(frame);
      case EthernetFrame.TYPE_IPV4 -> onIpv4(frame);
      default -> counters.unsupported++;
    }
  }

  private void onArp(final UnsafeBuffer frame) {
    final WireError error = arp.wrap(frame, ethernet.payloadOffset(), ethernet.payloadLength());
    if (error != WireError.OK) {
      countError(error);
      return;
    }
    final long now = clock.nanoTime();
    final int sender = arp.senderProtocol();
    final long senderMac = arp.senderHardware();
    // RFC 826: refresh a known sender; learn a new one only when the packet is for us.
    final boolean known = sender != 0 && arpCache.contains(sender);
    final boolean forUs = arp.targetProtocol() == address;
    if (sender != 0 && (known || forUs) && !MacAddress.isMulticast(senderMac)) {
      final boolean reply = arp.operation() == ArpPacket.OPERATION_REPLY;
      arpCache.update(sender, senderMac, now);
      listener.onArpLearned(sender, senderMac, reply);
      sendPendingEchoes(sender, senderMac, now);
    }
    if (forUs && arp.operation() == ArpPacket.OPERATION_REQUEST) {
      emitArpReply(senderMac, sender);
    } else if (!forUs) {
      counters.notForUs++;
    }
  }

  private void onIpv4(final UnsafeBuffer frame) {
    final WireError error = ipv4.wrap(frame, ethernet.payloadOffset(), ethernet.payloadLength());
    if (error != WireError.OK) {
      countError(error);
      return;
    }
    if (ipv4.destination() != address) {
      counters.notForUs++;
      return;
    }
    if (ipv4.protocol() != Ipv4Packet.PROTOCOL_ICMP) {
      final Ipv4ProtocolHandler handler = protocolHandlers[ipv4.protocol()];
      if (handler == null) {
        counters.unsupported++;
      } else {
        handler.onPacket(ethernet, ipv4);
      }
      return;
    }
    final WireError icmpError = icmp.wrap(frame, ipv4.payloadOffset(), ipv4.payloadLength());
    if (icmpError != WireError.OK) {
      countError(icmpError);
      return;
    }
    switch (icmp.type()) {
      case Icmpv4Packet.TYPE_ECHO_REQUEST -> answerEcho();
      case Icmpv4Packet.TYPE_ECHO_REPLY -> onEchoReply();
      default -> counters.unsupported++;
    }
  }

  private void answerEcho() {
    final int slot = claimTx();
    if (slot < 0) {
      return;
    }
    final int icmpLength = icmp.length();
    final int frameLength = EthernetFrame.HEADER_LENGTH + Ipv4Packet.MIN_HEADER_LENGTH + icmpLength;
    tx.wrapForWrite(slot, txView);
    writeIpv4Header(
        ethernet.source(),
        ipv4.source(),
        Ipv4Packet.PROTOCOL_ICMP,
        Ipv4Packet.ECN_NOT_ECT,
        icmpLength);
    // The reply is the request with the type changed: copy identifier, sequence and data as is.
    final int icmpOffset = Ipv4FrameWriter.HEADERS_LENGTH;
    txView.putBytes(icmpOffset, icmp.buffer(), icmp.offset(), icmpLength);
    txIcmp
        .wrapForEmit(txView, icmpOffset, icmpLength)
        .type(Icmpv4Packet.TYPE_ECHO_REPLY)
        .code(0)
        .fillChecksum();
    tx.length(slot, frameLength);
    counters.echoRequestsAnswered++;
    listener.onEchoRequest(ipv4.source(), icmp.identifier(), icmp.sequence());
  }

  private void onEchoReply() {
    counters.echoRepliesReceived++;
    long rtt = -1;
    if (icmp.dataLength() >= TIMESTAMP_LENGTH) {
      final long sentAt = icmp.buffer().getLong(icmp.dataOffset());
      final long elapsed = clock.nanoTime() - sentAt;
      rtt = elapsed >= 0 && elapsed < 3_600_000_000_000L ? elapsed : -1;
    }
    listener.onEchoReply(
        ipv4.source(), icmp.identifier(), icmp.sequence(), ipv4.ttl(), icmp.dataLength(), rtt);
  }

  private void sendPendingEchoes(final int destination, final long destinationMac, final long now) {
    for (int slot = 0; slot < MAX_PENDING_ECHOES; slot++) {
      if (pendingDestination[slot] == destination) {
        pendingDestination[slot] = 0;
        emitEchoRequest(
            destinationMac,
            destination,
            pendingIdentifier[slot],
            pendingSequence[slot],
            pendingDataLength[slot],
            now);
      }
    }
  }

  private void emitEchoRequest(
      final long destinationMac,
      final int destination,
      final int identifier,
      final int sequence,
      final int dataLength,
      final long now) {
    final int slot = claimTx();
    if (slot < 0) {
      return;
    }
    final int icmpLength = Icmpv4Packet.HEADER_LENGTH + dataLength;
    tx.wrapForWrite(slot, txView);
    writeIpv4Header(
        destinationMac, destination, Ipv4Packet.PROTOCOL_ICMP, Ipv4Packet.ECN_NOT_ECT, icmpLength);
    txIcmp
        .wrapForEmit(txView, Ipv4FrameWriter.HEADERS_LENGTH, icmpLength)
        .type(Icmpv4Packet.TYPE_ECHO_REQUEST)
        .code(0)
        .identifier(identifier)
        .sequence(sequence);
    final int dataOffset = txIcmp.dataOffset();
    for (int i = 0; i < dataLength; i++) {
      txView.putByte(dataOffset + i, (byte) (0x10 + i));
    }
    if (dataLength >= TIMESTAMP_LENGTH) {
      txView.putLong(dataOffset, now);
    }
    txIcmp.fillChecksum();
    tx.length(slot, EthernetFrame.HEADER_LENGTH + Ipv4Packet.MIN_HEADER_LENGTH + icmpLength);
  }

  private void writeIpv4Header(
      final long destinationMac,
      final int destination,
      final int protocol,
      final int ecn,
      final int payloadLength) {
    ipv4Writer.write(
        txView, 0, destinationMac, mac, address, destination, protocol, ecn, payloadLength);
  }

  private void emitArpRequest(final int target) {
    emitArp(ArpPacket.OPERATION_REQUEST, MacAddress.BROADCAST, MacAddress.ZERO, target);
    counters.arpRequestsSent++;
    listener.onArpRequestSent(target);
  }

  private void emitArpReply(final long targetMac, final int target) {
    emitArp(ArpPacket.OPERATION_REPLY, targetMac, targetMac, target);
    counters.arpRequestsAnswered++;
  }

  private void emitArp(
      final int operation, final long frameDestination, final long targetMac, final int target) {
    final int slot = claimTx();
    if (slot < 0) {
      return;
    }
    tx.wrapForWrite(slot, txView);
    final int length =
        arpWriter.write(txView, 0, operation, frameDestination, mac, address, targetMac, target);
    tx.length(slot, length);
  }

  private int claimTx() {
    if (tx.isFull()) {
      flush();
    }
    final int slot = tx.claim();
    if (slot < 0) {
      counters.txDropped++;
    }
    return slot;
  }

  private void countError(final WireError error) {
    if (error == WireError.UNSUPPORTED || error == WireError.FRAGMENT) {
      counters.unsupported++;
    } else {
      counters.onMalformed(error);
    }
  }

  @Override
  public void onClose() {
    rx.close();
    tx.close();
  }
}
