package io.vstack.config;

import java.util.regex.Pattern;

/**
 * A port of the daemon: its name, its id (position in the {@code ports} list, the number testpmd
 * syntax uses) and what it is ({@code KIND:ARGUMENT}).
 *
 * @param id 0-based position in the config's port list
 * @param name operator's name, a letter then letters, digits, {@code _ . -} (at most 32)
 * @param kind {@code memory}, {@code tap}, {@code packet} or {@code pcap}
 * @param argument the part after the colon: memory wire name, TAP/interface name, capture file
 */
public record PortDefinition(int id, String name, Kind kind, String argument) {
  /** Port kinds the config accepts. */
  public enum Kind {
    /** An in-process wire ({@code memory:NAME}). */
    MEMORY,
    /** A Linux TAP device ({@code tap:NAME}). */
    TAP,
    /** An existing interface through AF_PACKET ({@code packet:IFACE}). */
    PACKET,
    /** A capture file ({@code pcap:FILE}). */
    PCAP;

    /** The spec prefix, e.g. {@code tap}. */
    public String prefix() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Valid port names. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,31}");

  /** The spec text, {@code kind:argument}. */
  public String spec() {
    return kind.prefix() + ":" + argument;
  }
}
