/**
 * Trace replay: sends the frames of a pcap/pcapng file out of a {@link io.vstack.port.Port} on a
 * schedule (the capture's own timing, a speed-up, a packet or bit rate, or as fast as the port
 * takes them) and measures how well the schedule was kept.
 */
package io.vstack.replay;
