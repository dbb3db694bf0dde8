package io.vstack.tcp;

/** Connection states of RFC 9293 section 3.3.2. */
public enum TcpState {
  CLOSED,
  LISTEN,
  SYN_SENT,
  SYN_RECEIVED,
  ESTABLISHED,
  FIN_WAIT_1,
  FIN_WAIT_2,
  CLOSE_WAIT,
  CLOSING,
  LAST_ACK,
  TIME_WAIT;

  /** True in the states where both ISNs are known (RFC 9293 "synchronized states"). */
  public boolean synchronizedState() {
    return ordinal() >= ESTABLISHED.ordinal();
  }

  /** True while received data may still be accepted (our side has not seen the peer's FIN). */
  public boolean receivesData() {
    return this == ESTABLISHED || this == FIN_WAIT_1 || this == FIN_WAIT_2;
  }
}
