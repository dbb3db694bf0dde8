package io.vstack.config;

import io.vstack.port.PortSpec;
import java.util.regex.Pattern;

/**
 * A port of the daemon: its name, its id (position in the {@code ports} list, the number testpmd
 * syntax uses) and what it is.
 *
 * @param id 0-based position in the config's port list
 * @param name operator's name, a letter then letters, digits, {@code _ . -} (at most 32)
 * @param spec what the port is ({@code memory:NAME}, {@code tap:NAME}, {@code packet:IFACE}, {@code
 *     pcap:FILE} or {@code dpdk:DEVICE[,ARGS]})
 */
public record PortDefinition(int id, String name, PortSpec spec) {
  /** Valid port names. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,31}");
}
