package io.vstack.ledger;

/** A counters file cannot be read; the message is one line saying why and what to do. */
public final class LedgerFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LedgerFileException(final String message) {
    super(message, null, false, false);
  }
}
