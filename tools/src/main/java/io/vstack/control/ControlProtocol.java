package io.vstack.control;

import java.nio.file.Path;

/**
 * The control socket protocol. A client connects to the daemon's Unix domain socket and sends
 * requests, each one JSON object on one line (UTF-8, ending in {@code \n}, at most {@value
 * #MAX_REQUEST_BYTES} bytes); the daemon answers each with one JSON object on one line, in order.
 *
 * <p>Every request has {@code "op"}; other fields depend on it and unknown fields are an error.
 * Every reply has {@code "ok"}: {@code true} with the result fields, or {@code false} with {@code
 * "error"} (one line), {@code "kind"} ({@value #KIND_INPUT} for a bad request or rule, {@value
 * #KIND_FAILED} when a valid request could not be carried out) and, for a rule syntax error, {@code
 * "column"} (1-based, in the rule text). docs/CONTROL-PLANE.md lists every op.
 */
public final class ControlProtocol {
  /** Where the daemon listens unless told otherwise. */
  public static final Path DEFAULT_SOCKET = Path.of("/run/vstack/vstack.sock");

  /** Longest request line accepted, newline included. */
  public static final int MAX_REQUEST_BYTES = 64 * 1024;

  /** Error kind: the request or its rule is wrong (the CLI exits 2). */
  public static final String KIND_INPUT = "input";

  /** Error kind: the request was fine but failed (the CLI exits 1). */
  public static final String KIND_FAILED = "failed";

  private ControlProtocol() {}
}
