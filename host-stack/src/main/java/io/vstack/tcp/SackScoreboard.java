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
  /**
   * Disjoint ranges, ascending, interleaved: start at 2i, end at 2i + 1 (one array, one header).
   */
  private final int[] edges;

  private final int capacity;
  private int count;
  private long sackedBytes;

  /** A scoreboard remembering at most {@code maxBlocks} disjoint ranges. */
  public SackScoreboard(final int maxBlocks) {
    if (maxBlocks < 1) {
      throw new IllegalArgumentException("maxBlocks must be positive");
    }
    this.edges = new int[2 * maxBlocks];
    this.capacity = maxBlocks;
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
    return count == 0 ? fallback : endOf(count - 1);
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
    while (i < count && SeqNumber.lt(endOf(i), s)) {
      i++;
    }
    int j = i;
    while (j < count && SeqNumber.le(startOf(j), e)) {
      s = SeqNumber.min(s, startOf(j));
      e = SeqNumber.max(e, endOf(j));
      j++;
    }
    final int merged = j - i;
    if (merged == 0 && count == capacity) {
      if (i == count) {
        return;
      }
      count--;
    }
    final int shift = 1 - merged;
    System.arraycopy(edges, 2 * j, edges, 2 * (j + shift), 2 * (count - j));
    edges[2 * i] = s;
    edges[2 * i + 1] = e;
    count += shift;
    recount();
  }

  /** Drops everything at or below the new cumulative acknowledgment. */
  public void ackedUpTo(final int sndUna) {
    int kept = 0;
    for (int i = 0; i < count; i++) {
      if (SeqNumber.gt(endOf(i), sndUna)) {
        final int end = endOf(i);
        edges[2 * kept] = SeqNumber.max(startOf(i), sndUna);
        edges[2 * kept + 1] = end;
        kept++;
      }
    }
    count = kept;
    recount();
  }

  /** True when byte {@code seq} was SACKed. */
  public boolean isSacked(final int seq) {
    for (int i = 0; i < count; i++) {
      if (SeqNumber.ge(seq, startOf(i)) && SeqNumber.lt(seq, endOf(i))) {
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
      if (SeqNumber.ge(seq, startOf(i)) && SeqNumber.lt(seq, endOf(i))) {
        seq = endOf(i);
      }
    }
    return seq;
  }

  /** Start of the first SACKed range above {@code seq}, or {@code fallback}. */
  public int nextSackedAfter(final int seq, final int fallback) {
    for (int i = 0; i < count; i++) {
      if (SeqNumber.gt(startOf(i), seq)) {
        return startOf(i);
      }
    }
    return fallback;
  }

  /** Unsacked bytes in {@code [from, highest SACKed)}: presumed lost and not yet resent. */
  public long holeBytesFrom(final int from) {
    if (count == 0 || SeqNumber.ge(from, endOf(count - 1))) {
      return 0;
    }
    long holes = 0;
    int cursor = from;
    for (int i = 0; i < count; i++) {
      if (SeqNumber.gt(startOf(i), cursor)) {
        holes += SeqNumber.diff(startOf(i), cursor);
      }
      cursor = SeqNumber.max(cursor, endOf(i));
    }
    return holes;
  }

  private void recount() {
    long total = 0;
    for (int i = 0; i < count; i++) {
      total += SeqNumber.diff(endOf(i), startOf(i));
    }
    sackedBytes = total;
  }

  private int startOf(final int index) {
    return edges[2 * index];
  }

  private int endOf(final int index) {
    return edges[2 * index + 1];
  }
}
