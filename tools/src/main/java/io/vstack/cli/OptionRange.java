package io.vstack.cli;

/** The one check and message for a numeric option outside its range (a usage error, exit 2). */
final class OptionRange {
  private OptionRange() {}

  /**
   * @throws UserException "{@code option} must be between {@code min} and {@code max}, got {@code
   *     value}" when {@code value} is outside [{@code min}, {@code max}]
   */
  static void require(final String option, final long value, final long min, final long max) {
    if (value < min || value > max) {
      throw new UserException(
          option + " must be between " + min + " and " + max + ", got " + value, ExitCodes.USAGE);
    }
  }
}
