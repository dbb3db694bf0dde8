package io.vstack.meter;

/**
 * A monotonic clock in processor cycles. The production clock is a {@link CycleMeter} (nanoTime
 * calibrated to the TSC frequency); tests inject a virtual clock they advance by known costs.
 */
@FunctionalInterface
public interface CycleClock {
  /** Cycles since an arbitrary origin; only differences are meaningful. */
  long cycles();
}
