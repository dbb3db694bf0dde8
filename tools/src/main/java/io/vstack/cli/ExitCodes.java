package io.vstack.cli;

/** Process exit codes of every vstack command; listed in {@code vstack --help}. */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;

  /** The daemon's control socket could not be reached (vstack flow ...). */
  public static final int UNREACHABLE = 3;

  private ExitCodes() {}
}
