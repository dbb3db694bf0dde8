package io.vstack.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the version the jar was built as, and the JVM it runs on. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    final String version = VstackCommand.class.getPackage().getImplementationVersion();
    return new String[] {
      "vstack " + (version == null ? "(development build)" : version),
      "JVM: " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")",
    };
  }
}
