package io.vstack.fusedlane;

import io.vstack.fastpath.FusedFastPath;
import io.vstack.tcp.TcpEngine;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Queue;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A lane's application in the fused-lane stream tests: accepts on its listener (tenant slot {@link
 * OverlayPair#BLUE}), hashes each stream until EOF, then adds the SHA-256 to a queue shared by all
 * lanes and closes. A stream's running digest moves with its connection when its entry moves.
 */
final class StreamReader implements FusedLaneHandler.Application {
  /** What the reader keeps per connection, handed over with it. */
  private static final class Stream {
    final MessageDigest digest = PeerStreams.sha256();
    int id;
  }

  private final int listener;
  private final Queue<String> finished;
  private final List<Stream> streams = new ArrayList<>();
  private final UnsafeBuffer in = new UnsafeBuffer(new byte[65536]);
  private volatile int accepted;

  StreamReader(final int listener, final Queue<String> finished) {
    this.listener = listener;
    this.finished = finished;
  }

  /** Connections this reader accepted. */
  int accepted() {
    return accepted;
  }

  @Override
  public void onEndOfBatch(final FusedFastPath fastPath, final long now) {
    final TcpEngine engine = fastPath.engine(OverlayPair.BLUE);
    int id;
    while ((id = engine.accept(listener)) >= 0) {
      final Stream stream = new Stream();
      stream.id = id;
      streams.add(stream);
      accepted++;
    }
    for (int i = 0; i < streams.size(); i++) {
      final Stream stream = streams.get(i);
      int n;
      while ((n = engine.read(stream.id, in, 0, in.capacity(), now)) > 0) {
        stream.digest.update(in.byteArray(), 0, n);
      }
      if (n == TcpEngine.EOF) {
        finished.add(HexFormat.of().formatHex(stream.digest.digest()));
        engine.close(stream.id, now);
        streams.remove(i--);
      }
    }
  }

  @Override
  public Object onConnectionLeaving(
      final FusedFastPath fastPath, final int slot, final int connection) {
    for (int i = 0; i < streams.size(); i++) {
      if (streams.get(i).id == connection) {
        return streams.remove(i);
      }
    }
    return null; // not accepted yet, or closed by this reader (FIN exchange still running)
  }

  @Override
  public void onConnectionArrived(
      final FusedFastPath fastPath, final int slot, final int connection, final Object state) {
    if (state instanceof Stream stream) {
      stream.id = connection;
      streams.add(stream);
    }
  }
}
