/**
 * Capture files: reading and writing libpcap ({@code .pcap}, microsecond and nanosecond timestamps,
 * either byte order) and pcapng ({@code .pcapng}) files of Ethernet frames, with every length in
 * the file checked so a truncated or corrupt file yields a {@link
 * io.vstack.pcap.CaptureFormatException} naming the packet and byte offset.
 */
package io.vstack.pcap;
