package io.vstack.tcp;

/**
 * Sender-side SACK scoreboard (RFC 2018, RFC 6675): the sequence ranges above SND.UNA that the peer
 * reported as received, kept sorted and disjoint in fixed arrays.
 *
 * <p>The table is bounded; when a new block does not fit, the highest block is forgotten. Losing
 * scoreboard information is always safe, it only makes the sender count those bytes as still in
 * flight. Everything is relative to the sequence circle via {@link SeqNumber}.
 */
public final class SackScoreboard {
  private final int[] starts;
  private final int[] ends;
  private int count;
  private long sackedBytes;

  /** A scoreboard remembering at most {@code maxBlocks} disjoint ranges. */
  public SackScoreboard(final int maxBlocks) {
    if (maxBlocks < 1) {
      throw new IllegalArgumentException("maxBlocks must be positive");
    }
    this.starts = new int[maxBlocks];
    this.ends = new int[maxBlocks];
  }

  /** Forgets everything (after an RTO, RFC 6675 section 5.1, or on connection reuse). */
  public void clear() {
    count = 0;
    sackedBytes = 0;
  }

  /** Number of disjoint ranges held. */
  public int blocks() {
    return count;
  }

  /** Bytes above SND.UNA reported received. */
  public long sackedBytes() {
    return sackedBytes;
  }

  /** End of the highest SACKed range, or {@code fallback} when empty. */
  public int highestSacked(final int fallback) {
    return count == 0 ? fallback : ends[count - 1];
  }

  /**
   * Records the block {@code [start, end)} if it lies within {@code (sndUna, sndMax]}; blocks
   * outside (stale or forged) are ignored as RFC 2018 allows.
   */
  public void add(final int start, final int end, final int sndUna, final int sndMax) {
    if (!SeqNumber.lt(start, end)
        || SeqNumber.le(end, sndUna)
        || SeqNumber.gt(end, sndMax)
        || SeqNumber.lt(start, sndUna)) {
      return;
    }
    int s = start;
    int e = end;
    int i = 0;
    while (i < count && SeqNumber.lt(ends[i], s)) {
      i++;
    }
    int j = i;
    while (j < count && SeqNumber.le(starts[j], e)) {
      s = SeqNumber.min(s, starts[j]);
      e = SeqNumber.max(e, ends[j]);
      j++;
    }
    final int merged = j - i;
    if (merged == 0 && count == starts.length) {
      if (i == count) {
        return;
      }
      count--;
    }
    final int shift = 1 - merged;
    System.arraycopy(starts, j, starts, j + shift, count - j);
    System.arraycopy(ends, j, ends, j + shift, count - j);
    starts[i] = s;
    ends[i] = e;
    count += shift;
    recount();
  }

  /** Drops everything at or below the new cumulative acknowledgment. */
  public void ackedUpTo(final int sndUna) {
    int kept = 0;
    for (int i = 0; i < count; i++) {
      if (SeqNumber.gt(ends[i], sndUna)) {
        starts[kept] = SeqNumber.max(starts[i], sndUna);
        ends[kept] = ends[i];
        kept++;
      }
    }
    count = kept;
    recount();
  }

  /** True when byte {@code seq} was SACKed. */
  public boolean isSacked(final int seq) {
    for (int i = 0; i < count; i++) {
      if (SeqNumber.ge(seq, starts[i]) && SeqNumber.lt(seq, ends[i])) {
        return true;
      }
    }
    return false;
  }

  /**
   * First byte at or after {@code from} that is not SACKed and lies below the highest SACKed byte
   * (a hole the peer reported around), or {@code from} itself when no such hole exists above it.
   */
  public int nextHole(final int from) {
    int seq = from;
    for (int i = 0; i < count; i++) {
      if (SeqNumber.ge(seq, starts[i]) && SeqNumber.lt(seq, ends[i])) {
        seq = ends[i];
      }
    }
    return seq;
  }

  /** Start of the first SACKed range above {@code seq}, or {@code fallback}. */
  public int nextSackedAfter(final int seq, final int fallback) {
    for (int i = 0; i < count; i++) {
      if (SeqNumber.gt(starts[i], seq)) {
        return starts[i];
      }
    }
    return fallback;
  }

  /** Unsacked bytes in {@code [from, highest SACKed)}: presumed lost and not yet resent. */
  public long holeBytesFrom(final int from) {
    if (count == 0 || SeqNumber.ge(from, ends[count - 1])) {
      return 0;
    }
    long holes = 0;
    int cursor = from;
    for (int i = 0; i < count; i++) {
      if (SeqNumber.gt(starts[i], cursor)) {
        holes += SeqNumber.diff(starts[i], cursor);
      }
      cursor = SeqNumber.max(cursor, ends[i]);
    }
    return holes;
  }

  private void recount() {
    long total = 0;
    for (int i = 0; i < count; i++) {
      total += SeqNumber.diff(ends[i], starts[i]);
    }
    sackedBytes = total;
  }
}
