package io.vstack.tcp.cc;

/** The congestion controllers available by name in configuration. */
public enum CongestionControlAlgorithm {
  /** RFC 5681 / RFC 6582. */
  NEW_RENO,
  /** RFC 9438. */
  CUBIC,
  /** RFC 8257; needs ECN on both ends. */
  DCTCP;

  /** A fresh controller instance of this kind. */
  public CongestionControl create() {
    return switch (this) {
      case NEW_RENO -> new NewReno();
      case CUBIC -> new Cubic();
      case DCTCP -> new Dctcp();
    };
  }
}
