package io.vstack.port;

import io.vstack.libc.Errno;
import io.vstack.libc.Libc;

/**
 * What the ports over one Linux file descriptor ({@link TapPort}, {@link PacketPort}) share: the
 * name, the frame limit, the counters, the descriptor with its {@code errno} capture, the last
 * unexpected {@code errno}, and an idempotent {@link #close()}.
 */
abstract sealed class DescriptorPort implements Port permits PacketPort, TapPort {
  private final String name;
  final int maxFrameLength;

  /** Captures {@code errno} of this port's calls; closed with the descriptor. */
  final Errno errno;

  final PortCounters counters = new PortCounters();

  /** The descriptor, -1 once closed. */
  int fd;

  private int lastErrno;

  DescriptorPort(final int fd, final String name, final int maxFrameLength, final Errno errno) {
    this.fd = fd;
    this.name = name;
    this.maxFrameLength = maxFrameLength;
    this.errno = errno;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final int maxFrameLength() {
    return maxFrameLength;
  }

  /** The {@code errno} of the last unexpected send/receive failure, 0 if none happened. */
  public final int lastErrno() {
    return lastErrno;
  }

  /** True: the kernel copies each frame into the batch's storage. */
  @Override
  public final boolean framesOutliveNextReceive() {
    return true;
  }

  @Override
  public final PortCounters counters() {
    return counters;
  }

  /** Closes the descriptor and frees the port's memory (idempotent). */
  @Override
  public final void close() {
    if (fd >= 0) {
      Libc.close(errno, fd);
      fd = -1;
      errno.close();
      released();
    }
  }

  /** Frees what the port holds besides its descriptor; called once, by {@link #close()}. */
  void released() {}

  @Override
  public final String toString() {
    return name + " (" + counters + ")";
  }

  /** Counts an unexpected send/receive failure and keeps its {@code errno}. */
  final void failed(final int error) {
    lastErrno = error;
    counters.onError();
  }
}
