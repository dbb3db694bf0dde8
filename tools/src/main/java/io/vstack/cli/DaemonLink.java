package io.vstack.cli;

import io.vstack.control.ControlClient;
import io.vstack.control.ControlProtocol;
import io.vstack.control.JsonException;
import java.io.IOException;
import java.net.SocketException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Sends one request to the daemon and turns every failure into a one-line {@link UserException}.
 */
final class DaemonLink {
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private DaemonLink() {}

  /**
   * The daemon's successful reply to {@code request}.
   *
   * @param rule the rule text sent, to put a caret under a syntax error's column; may be null
   */
  static Map<String, Object> call(
      final Path socket, final Map<String, Object> request, final String rule) {
    final Map<String, Object> reply;
    try (ControlClient client = ControlClient.connect(socket, TIMEOUT)) {
      reply = client.request(request);
    } catch (final AccessDeniedException e) {
      throw unreachable(socket, "permission denied (run as the daemon's user)");
    } catch (final SocketException e) {
      if (!Files.exists(socket)) {
        throw unreachable(socket, null);
      }
      final String why = String.valueOf(e.getMessage());
      throw unreachable(
          socket,
          why.contains("ermission") ? "permission denied (run as the daemon's user)" : null);
    } catch (final IOException | JsonException e) {
      throw new UserException(
          "talking to the daemon at " + socket + " failed: " + e.getMessage(), ExitCodes.FAILED);
    }
    if (Boolean.TRUE.equals(reply.get("ok"))) {
      return reply;
    }
    final String message = String.valueOf(reply.get("error"));
    final int exit =
        ControlProtocol.KIND_INPUT.equals(reply.get("kind")) ? ExitCodes.USAGE : ExitCodes.FAILED;
    if (rule != null && reply.get("column") instanceof Long column) {
      throw new UserException(
          RuleErrors.withCaret("bad rule: " + message, rule, column.intValue()), exit);
    }
    throw new UserException(message, exit);
  }

  private static UserException unreachable(final Path socket, final String why) {
    return new UserException(
        "cannot reach the daemon at "
            + socket
            + (why != null ? ": " + why : " (is 'vstack daemon' running?)"),
        ExitCodes.UNREACHABLE);
  }
}
