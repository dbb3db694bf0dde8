package io.vstack.tcp;

import io.vstack.tcp.cc.CongestionControlAlgorithm;
import java.security.SecureRandom;

/**
 * Engine configuration, Aeron-Context style: fluent setters with Linux-like defaults, validated
 * once by {@link #conclude()}, which names the offending property in its message.
 */
public final class TcpConfig {
  private static final long MILLIS = 1_000_000L;
  private static final long SECONDS = 1_000_000_000L;

  private int maxConnections = 1024;
  private int mss = 1460;
  private int sendBufferSize = 256 * 1024;
  private int receiveBufferSize = 256 * 1024;
  private int maxReassemblyRanges = 8;
  private int scoreboardBlocks = 16;
  private boolean windowScaling = true;
  private boolean timestamps = true;
  private boolean sack = true;
  private boolean ecn = false;
  private boolean nagle = true;
  private long delayedAckNanos = 40 * MILLIS;
  private long minRtoNanos = 200 * MILLIS;
  private long maxRtoNanos = 120 * SECONDS;
  private int synRetries = 6;
  private int dataRetries = 15;
  private boolean keepalive = false;
  private long keepaliveIdleNanos = 7200 * SECONDS;
  private long keepaliveIntervalNanos = 75 * SECONDS;
  private int keepaliveProbes = 9;
  private long timeWaitNanos = 60 * SECONDS;
  private long finWait2TimeoutNanos = 60 * SECONDS;
  private int challengeAckLimit = 1000;
  private CongestionControlAlgorithm congestionControl = CongestionControlAlgorithm.CUBIC;
  private long secret0;
  private long secret1;
  private boolean secretSet;
  private boolean concluded;

  /** Checks every value and fills defaults that need randomness; call once before use. */
  public TcpConfig conclude() {
    if (concluded) {
      return this;
    }
    require(maxConnections >= 1, "maxConnections", "must be at least 1");
    require(mss >= 64 && mss <= 65_495, "mss", "must be in 64..65495");
    require(powerOfTwo(sendBufferSize), "sendBufferSize", "must be a power of two");
    require(powerOfTwo(receiveBufferSize), "receiveBufferSize", "must be a power of two");
    require(
        receiveBufferSize <= (65_535 << 14),
        "receiveBufferSize",
        "must fit window scaling (1 GiB)");
    require(
        windowScaling || receiveBufferSize <= 65_535 + 1,
        "receiveBufferSize",
        "must be at most 64 KiB without window scaling");
    require(maxReassemblyRanges >= 1, "maxReassemblyRanges", "must be at least 1");
    require(scoreboardBlocks >= 4, "scoreboardBlocks", "must be at least 4");
    require(delayedAckNanos > 0 && delayedAckNanos <= 500 * MILLIS, "delayedAckNanos", "0..500ms");
    require(minRtoNanos > 0 && minRtoNanos <= maxRtoNanos, "minRtoNanos", "must be <= maxRto");
    require(synRetries >= 1 && dataRetries >= 1, "synRetries/dataRetries", "must be positive");
    require(keepaliveIdleNanos > 0 && keepaliveIntervalNanos > 0, "keepalive", "must be positive");
    require(keepaliveProbes >= 1, "keepaliveProbes", "must be at least 1");
    require(timeWaitNanos >= 0 && finWait2TimeoutNanos > 0, "timeWait", "must be >= 0");
    require(challengeAckLimit >= 1, "challengeAckLimit", "must be at least 1");
    if (!secretSet) {
      final SecureRandom random = new SecureRandom();
      secret0 = random.nextLong();
      secret1 = random.nextLong();
    }
    concluded = true;
    return this;
  }

  private static boolean powerOfTwo(final int value) {
    return value >= 64 && Integer.bitCount(value) == 1;
  }

  private static void require(final boolean ok, final String property, final String rule) {
    if (!ok) {
      throw new IllegalArgumentException("tcp." + property + " " + rule);
    }
  }

  public TcpConfig maxConnections(final int value) {
    maxConnections = value;
    return this;
  }

  public TcpConfig mss(final int value) {
    mss = value;
    return this;
  }

  public TcpConfig sendBufferSize(final int value) {
    sendBufferSize = value;
    return this;
  }

  public TcpConfig receiveBufferSize(final int value) {
    receiveBufferSize = value;
    return this;
  }

  public TcpConfig maxReassemblyRanges(final int value) {
    maxReassemblyRanges = value;
    return this;
  }

  public TcpConfig scoreboardBlocks(final int value) {
    scoreboardBlocks = value;
    return this;
  }

  public TcpConfig windowScaling(final boolean value) {
    windowScaling = value;
    return this;
  }

  public TcpConfig timestamps(final boolean value) {
    timestamps = value;
    return this;
  }

  public TcpConfig sack(final boolean value) {
    sack = value;
    return this;
  }

  public TcpConfig ecn(final boolean value) {
    ecn = value;
    return this;
  }

  public TcpConfig nagle(final boolean value) {
    nagle = value;
    return this;
  }

  public TcpConfig delayedAckNanos(final long value) {
    delayedAckNanos = value;
    return this;
  }

  public TcpConfig minRtoNanos(final long value) {
    minRtoNanos = value;
    return this;
  }

  public TcpConfig maxRtoNanos(final long value) {
    maxRtoNanos = value;
    return this;
  }

  public TcpConfig synRetries(final int value) {
    synRetries = value;
    return this;
  }

  public TcpConfig dataRetries(final int value) {
    dataRetries = value;
    return this;
  }

  public TcpConfig keepalive(final boolean value) {
    keepalive = value;
    return this;
  }

  public TcpConfig keepaliveIdleNanos(final long value) {
    keepaliveIdleNanos = value;
    return this;
  }

  public TcpConfig keepaliveIntervalNanos(final long value) {
    keepaliveIntervalNanos = value;
    return this;
  }

  public TcpConfig keepaliveProbes(final int value) {
    keepaliveProbes = value;
    return this;
  }

  public TcpConfig timeWaitNanos(final long value) {
    timeWaitNanos = value;
    return this;
  }

  public TcpConfig finWait2TimeoutNanos(final long value) {
    finWait2TimeoutNanos = value;
    return this;
  }

  public TcpConfig challengeAckLimit(final int value) {
    challengeAckLimit = value;
    return this;
  }

  public TcpConfig congestionControl(final CongestionControlAlgorithm value) {
    congestionControl = value;
    return this;
  }

  /** Fixes the per-boot secret (ISN and hash keys); tests use it for determinism. */
  public TcpConfig secret(final long first, final long second) {
    secret0 = first;
    secret1 = second;
    secretSet = true;
    return this;
  }

  public int maxConnections() {
    return maxConnections;
  }

  public int mss() {
    return mss;
  }

  public int sendBufferSize() {
    return sendBufferSize;
  }

  public int receiveBufferSize() {
    return receiveBufferSize;
  }

  public int maxReassemblyRanges() {
    return maxReassemblyRanges;
  }

  public int scoreboardBlocks() {
    return scoreboardBlocks;
  }

  public boolean windowScaling() {
    return windowScaling;
  }

  public boolean timestamps() {
    return timestamps;
  }

  public boolean sack() {
    return sack;
  }

  public boolean ecn() {
    return ecn;
  }

  public boolean nagle() {
    return nagle;
  }

  public long delayedAckNanos() {
    return delayedAckNanos;
  }

  public long minRtoNanos() {
    return minRtoNanos;
  }

  public long maxRtoNanos() {
    return maxRtoNanos;
  }

  public int synRetries() {
    return synRetries;
  }

  public int dataRetries() {
    return dataRetries;
  }

  public boolean keepalive() {
    return keepalive;
  }

  public long keepaliveIdleNanos() {
    return keepaliveIdleNanos;
  }

  public long keepaliveIntervalNanos() {
    return keepaliveIntervalNanos;
  }

  public int keepaliveProbes() {
    return keepaliveProbes;
  }

  public long timeWaitNanos() {
    return timeWaitNanos;
  }

  public long finWait2TimeoutNanos() {
    return finWait2TimeoutNanos;
  }

  public int challengeAckLimit() {
    return challengeAckLimit;
  }

  public CongestionControlAlgorithm congestionControl() {
    return congestionControl;
  }

  public long secret0() {
    return secret0;
  }

  public long secret1() {
    return secret1;
  }
}
