package io.scatter.cli;

import picocli.CommandLine;

/** Reads the version Maven wrote into the jar manifest. */
final class Version implements CommandLine.IVersionProvider {

  @Override
  public String[] getVersion() {
    String version = Scatter.class.getPackage().getImplementationVersion();
    return new String[] {"scatter " + (version == null ? "(development build)" : version)
        + " on Java " + Runtime.version()};
  }
}
