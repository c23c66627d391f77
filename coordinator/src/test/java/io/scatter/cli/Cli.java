package io.scatter.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the scatter command line in-process and keeps what it printed. */
record Cli(int exitCode, String out, String err) {

  static Cli run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Scatter.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Cli(code, out.toString(), err.toString());
  }

  /** The lines printed to stderr, without blank ones. */
  java.util.List<String> errLines() {
    return err.lines().filter(line -> !line.isBlank()).toList();
  }
}
