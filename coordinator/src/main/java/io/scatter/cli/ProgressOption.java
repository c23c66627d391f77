package io.scatter.cli;

import picocli.CommandLine.Option;

/** {@code --progress / --no-progress}, for the commands that run jobs. */
final class ProgressOption {

  @Option(names = "--progress", negatable = true,
      description = "draw a progress bar on stderr (default: only when a terminal is attached)")
  Boolean forced;
}
