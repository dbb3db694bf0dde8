package io.vstack.wire;

import java.util.Random;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Gives a property test a seeded {@link Random} parameter and names the seed when the test fails.
 * The seed is {@code -Dvstack.seed} when set (to replay a failure), else {@link System#nanoTime()}.
 */
public final class SeededRandomExtension
    implements ParameterResolver, TestExecutionExceptionHandler {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SeededRandomExtension.class);

  @Override
  public boolean supportsParameter(
      final ParameterContext parameter, final ExtensionContext context) {
    return parameter.getParameter().getType() == Random.class;
  }

  @Override
  public Object resolveParameter(final ParameterContext parameter, final ExtensionContext context) {
    final String property = System.getProperty("vstack.seed");
    final long seed = property == null ? System.nanoTime() : Long.parseLong(property);
    context.getStore(NAMESPACE).put("seed", seed);
    return new Random(seed);
  }

  @Override
  public void handleTestExecutionException(final ExtensionContext context, final Throwable failure)
      throws Throwable {
    final Long seed = context.getStore(NAMESPACE).get("seed", Long.class);
    if (seed == null) {
      throw failure;
    }
    final String replay = "failed with seed " + seed + " (replay: -Dvstack.seed=" + seed + ")";
    System.err.println(context.getDisplayName() + " " + replay);
    throw new AssertionError(replay + ": " + failure.getMessage(), failure);
  }
}
