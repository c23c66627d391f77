package io.scatter.cli;

import io.scatter.coordinator.ProgressListener;
import java.io.PrintWriter;

/**
 * How a command shows a job's progress: a {@link ProgressBar} style on a stream, or nothing.
 *
 * @param style null for no progress
 */
record Progress(ProgressBar.Style style, PrintWriter out) {

  static final Progress NONE = new Progress(null, null);

  /**
   * A listener for one run of {@code partitions}, labelled with its mode; close it with
   * {@link ProgressBar#close(ProgressListener)}.
   */
  ProgressListener open(String label, long partitions) {
    return style == null ? ProgressListener.NONE : ProgressBar.start(style, out, label, partitions);
  }
}
