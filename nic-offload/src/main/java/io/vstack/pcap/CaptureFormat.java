package io.vstack.pcap;

/** The capture file formats this package reads and writes. */
public enum CaptureFormat {
  /** libpcap, magic {@code 0xA1B2C3D4}: timestamps in microseconds. */
  PCAP_MICROS,
  /** libpcap, magic {@code 0xA1B23C4D}: timestamps in nanoseconds. */
  PCAP_NANOS,
  /** pcapng (IETF draft-ietf-opsawg-pcapng); written with nanosecond timestamps. */
  PCAPNG
}
