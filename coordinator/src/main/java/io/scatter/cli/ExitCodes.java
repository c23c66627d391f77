package io.scatter.cli;

/** The exit codes every scatter command uses. */
final class ExitCodes {

  static final int OK = 0;
  /** The job ran but failed, or modes disagreed on the answer. */
  static final int JOB_FAILED = 1;
  /** The command line or configuration was wrong; nothing ran. */
  static final int BAD_INPUT = 2;

  private ExitCodes() {
  }
}
