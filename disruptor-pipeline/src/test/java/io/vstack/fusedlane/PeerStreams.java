package io.vstack.fusedlane;

import static io.vstack.fusedlane.OverlayPair.VIP_A;
import static io.vstack.fusedlane.OverlayPair.VIP_B;
import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.tcp.TcpEngine;
import io.vstack.tcp.TcpState;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The peer host's side of the fused-lane stream tests: {@code flows} connections from {@link
 * OverlayPair#VIP_B} ports 40000.. to {@link OverlayPair#VIP_A}:80, each writing deterministic
 * bytes (seeded per flow) and hashing what it wrote (SHA-256).
 */
final class PeerStreams {
  final int[] ids;
  final long[] sent;
  private final TcpEngine client;
  private final SplittableRandom[] data;
  private final MessageDigest[] digests;
  private final boolean[] shut;
  private final byte[] chunk = new byte[8192];
  private final UnsafeBuffer chunkBuffer = new UnsafeBuffer(chunk);

  /** Connects every flow (SYNs leave with the peer's next flush). */
  PeerStreams(final TcpEngine client, final int flows, final long seed, final long now) {
    this.client = client;
    this.ids = new int[flows];
    this.sent = new long[flows];
    this.data = new SplittableRandom[flows];
    this.digests = new MessageDigest[flows];
    this.shut = new boolean[flows];
    for (int f = 0; f < flows; f++) {
      ids[f] = client.connect(VIP_B, 40_000 + f, VIP_A, 80, now);
      assertThat(ids[f]).as("connect %d", f).isNotNegative();
      data[f] = new SplittableRandom(seed + f);
      digests[f] = sha256();
    }
  }

  /** Writes what the established flows take now, each up to {@code limit[f]} bytes in total. */
  void write(final long[] limit, final long now) {
    for (int f = 0; f < ids.length; f++) {
      if (client.state(ids[f]) != TcpState.ESTABLISHED || sent[f] >= limit[f]) {
        continue;
      }
      final int length = (int) Math.min(chunk.length, limit[f] - sent[f]);
      final SplittableRandom copy = data[f].split();
      copy.nextBytes(chunk);
      final int written = client.write(ids[f], chunkBuffer, 0, length, now);
      if (written > 0) {
        digests[f].update(chunk, 0, written);
        sent[f] += written;
        data[f] = copy;
      }
    }
  }

  /** Writes up to {@code limit[f]} and sends FIN on each flow once it wrote that much. */
  void finish(final long[] limit, final long now) {
    write(limit, now);
    for (int f = 0; f < ids.length; f++) {
      if (!shut[f] && sent[f] >= limit[f]) {
        client.shutdownOutput(ids[f], now);
        shut[f] = true;
      }
    }
  }

  /** The SHA-256 of what each flow wrote (call once, at the end). */
  List<String> digests() {
    final List<String> hex = new ArrayList<>();
    for (final MessageDigest digest : digests) {
      hex.add(HexFormat.of().formatHex(digest.digest()));
    }
    return hex;
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (final NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
