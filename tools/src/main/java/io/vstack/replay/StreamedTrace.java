package io.vstack.replay;

import io.vstack.pcap.CaptureFormatException;
import io.vstack.port.FrameBatch;
import io.vstack.port.PcapPort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A trace read from its file as the replay goes ({@link PcapPort}), for files too big to hold in
 * memory: each pass reopens the file; frames are copied into the batch's slots, and those that do
 * not fit a slot (longer than the port's largest frame) are skipped and counted.
 */
final class StreamedTrace implements FrameSource {
  private final Path file;
  private PcapPort port;
  private long tooBigBefore;
  private String failure;

  StreamedTrace(final Path file) {
    this.file = file;
  }

  @Override
  public void rewind() {
    if (port != null) {
      tooBigBefore += port.counters().rxDropped();
      port.close();
      port = null;
    }
    try {
      port = PcapPort.openForReading(file);
    } catch (final CaptureFormatException e) {
      failure = e.getMessage();
    } catch (final IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public int next(final FrameBatch batch, final long[] timestamps) {
    if (port == null) {
      return 0;
    }
    int n;
    do {
      n = port.receive(batch);
    } while (n == 0 && !port.atEnd());
    for (int i = 0; i < n; i++) {
      timestamps[i] = port.timestampNanos(i);
    }
    if (port.failure() != null) {
      failure = port.failure().getMessage();
    }
    return n;
  }

  @Override
  public long tooBig() {
    return tooBigBefore + (port == null ? 0 : port.counters().rxDropped());
  }

  @Override
  public String failure() {
    return failure;
  }

  @Override
  public void close() {
    if (port != null) {
      port.close();
      port = null;
    }
  }
}
