package io.vstack.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The Linux half of the request/response benchmark: a separate JVM started inside a network
 * namespace ({@code ip netns exec}), using the kernel's TCP through blocking {@link Socket}s with
 * TCP_NODELAY, so both sides of the comparison are Java applications and only the stack differs.
 *
 * <pre>
 *   LinuxRpcPeer server ADDRESS PORT          echoes 64-byte messages until the client closes
 *   LinuxRpcPeer client ADDRESS PORT NANOS    one outstanding request; prints RpcResult.line()
 * </pre>
 *
 * The server prints {@code listening} on stderr once it accepts connections.
 */
public final class LinuxRpcPeer {
  private static final long WARM_UP_NANOS = 500_000_000L;

  private LinuxRpcPeer() {}

  public static void main(final String[] args) throws IOException {
    final InetSocketAddress address = new InetSocketAddress(args[1], Integer.parseInt(args[2]));
    if (args[0].equals("server")) {
      serve(address);
    } else {
      System.out.println(request(address, Long.parseLong(args[3])).line());
    }
  }

  private static void serve(final InetSocketAddress address) throws IOException {
    try (ServerSocket listener = new ServerSocket()) {
      listener.setReuseAddress(true);
      listener.bind(address, 4);
      System.err.println("listening");
      System.err.flush();
      try (Socket socket = listener.accept()) {
        socket.setTcpNoDelay(true);
        final InputStream in = socket.getInputStream();
        final OutputStream out = socket.getOutputStream();
        final byte[] message = new byte[RpcResult.MESSAGE];
        while (in.readNBytes(message, 0, message.length) == message.length) {
          out.write(message);
        }
      }
    }
  }

  private static RpcResult request(final InetSocketAddress address, final long nanos)
      throws IOException {
    try (Socket socket = new Socket()) {
      socket.setTcpNoDelay(true);
      socket.connect(address, 10_000);
      final InputStream in = socket.getInputStream();
      final OutputStream out = socket.getOutputStream();
      final byte[] message = new byte[RpcResult.MESSAGE];
      final RoundTripRecorder recorder = new RoundTripRecorder(WARM_UP_NANOS, nanos);
      for (long t0; recorder.running(t0 = System.nanoTime()); ) {
        out.write(message);
        if (in.readNBytes(message, 0, message.length) != message.length) {
          throw new IOException("the server closed the connection");
        }
        recorder.record(t0, System.nanoTime());
      }
      return recorder.result();
    }
  }
}
