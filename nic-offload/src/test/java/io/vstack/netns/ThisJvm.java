package io.vstack.netns;

import io.vstack.libc.JvmFlags;
import java.util.ArrayList;
import java.util.List;

/**
 * Command lines that start another JVM like the test's own: the same {@code java}, the same class
 * path and the flags vstack needs ({@link JvmFlags}), for tests that need a separate process (a
 * daemon, a writer, a one-shot EAL).
 */
public final class ThisJvm {
  /** The flags every vstack JVM takes (as the build's {@code vstack.jvmFlags}). */
  public static final List<String> FLAGS = JvmFlags.ALL;

  private ThisJvm() {}

  /** {@code java FLAGS -cp CLASSPATH mainClass args...}. */
  public static List<String> command(final String mainClass, final String... args) {
    return command(List.of(), mainClass, args);
  }

  /** {@code java FLAGS jvmOptions -cp CLASSPATH mainClass args...}. */
  public static List<String> command(
      final List<String> jvmOptions, final String mainClass, final String... args) {
    final List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElseThrow());
    command.addAll(FLAGS);
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(List.of(args));
    return command;
  }
}
