package io.scatter.cli;

/** The command line, for tests outside this package. */
public final class CliRunner {

  /** What one command printed and returned. */
  public record Result(int exitCode, String out, String err) { }

  private CliRunner() {
  }

  public static Result run(String... args) {
    Cli cli = Cli.run(args);
    return new Result(cli.exitCode(), cli.out(), cli.err());
  }
}
