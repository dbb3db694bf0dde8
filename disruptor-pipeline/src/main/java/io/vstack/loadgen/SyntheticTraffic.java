package io.vstack.loadgen;

import io.vstack.port.FrameBatch;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Generates synthetic frames for {@code flows} flows in a seeded random interleaving, each flow's
 * sequence numbers counting up from 0, and (optionally) keeps the SHA-256 of each flow's payload as
 * sent, for the sink to be compared with.
 */
public final class SyntheticTraffic {
  private final int flows;
  private final int frameLength;
  private final long[] nextSequence;
  private final MessageDigest[] digests;
  private final SplittableRandom random;
  private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
  private final byte[] scratch;
  private long sent;

  /**
   * @param frameLength bytes per frame, at least {@link SyntheticFrames#MIN_LENGTH}.
   * @param digest whether to keep per-flow SHA-256 (costs time; off for benchmarks).
   */
  public SyntheticTraffic(
      final int flows, final int frameLength, final long seed, final boolean digest) {
    if (frameLength < SyntheticFrames.MIN_LENGTH) {
      throw new IllegalArgumentException("frameLength must be >= 12: " + frameLength);
    }
    this.flows = flows;
    this.frameLength = frameLength;
    this.nextSequence = new long[flows];
    this.random = new SplittableRandom(seed);
    this.scratch = new byte[frameLength];
    this.digests = digest ? newDigests(flows) : null;
  }

  static MessageDigest[] newDigests(final int flows) {
    final MessageDigest[] digests = new MessageDigest[flows];
    try {
      for (int i = 0; i < flows; i++) {
        digests[i] = MessageDigest.getInstance("SHA-256");
      }
    } catch (final NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
    return digests;
  }

  /**
   * Appends up to {@code count} new frames to {@code batch} (fewer if it fills).
   *
   * @return frames appended.
   */
  public int fill(final FrameBatch batch, final int count) {
    int added = 0;
    while (added < count) {
      final int index = batch.claim();
      if (index < 0) {
        break;
      }
      final int flow = random.nextInt(flows);
      final long sequence = nextSequence[flow]++;
      batch.wrapForWrite(index, view);
      SyntheticFrames.write(view, 0, flow, sequence, frameLength);
      batch.length(index, frameLength);
      if (digests != null) {
        final int payload = frameLength - SyntheticFrames.PAYLOAD_OFFSET;
        view.getBytes(SyntheticFrames.PAYLOAD_OFFSET, scratch, 0, payload);
        digests[flow].update(scratch, 0, payload);
      }
      added++;
    }
    sent += added;
    return added;
  }

  /** Frames generated so far. */
  public long sent() {
    return sent;
  }

  /** Frames generated for {@code flow}. */
  public long sent(final int flow) {
    return nextSequence[flow];
  }

  /** The SHA-256 of {@code flow}'s payload so far (needs {@code digest}). */
  public byte[] digest(final int flow) {
    return digestSoFar(digests[flow]);
  }

  /** The digest of what {@code digest} has been fed so far, leaving it usable. */
  static byte[] digestSoFar(final MessageDigest digest) {
    try {
      return ((MessageDigest) digest.clone()).digest();
    } catch (final CloneNotSupportedException e) {
      throw new IllegalStateException("SHA-256 digest cannot be cloned", e);
    }
  }
}
