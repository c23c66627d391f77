package io.scatter.cli;

/** The exit codes every scatter command uses. */
final class ExitCodes {

  static final int OK = 0;
  /** The job ran but failed, or modes disagreed on the answer. */
  static final int JOB_FAILED = 1;
  /** The command line or configuration was wrong; nothing ran. */
  static final int BAD_INPUT = 2;
  /** Ctrl-C: what the JVM exits with after SIGINT (128 + 2), also returned by a command it cancelled. */
  static final int INTERRUPTED = 130;

  private ExitCodes() {
  }
}
