package io.scatter.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The seed notes' CPU experiment: {@code cpu_bound(n)} for n = 50, 63, 32, and the fingerprints
 * of the answers Python computed (first 16 hex characters of SHA-256 over the big-endian
 * two's-complement bytes). {@code compare --preset seeds} prints its own digests beside these.
 */
final class SeedNotes {

  record Reference(long n, String digest, long bits) { }

  static final Map<Long, Reference> CPU_BOUND = new LinkedHashMap<>();

  static {
    add(50, "230e8a7af76612c4", 1_502_289);
    add(63, "c64db8c9639acc6c", 3_275_295);
    add(32, "3740bf6a245d87c9", 324_809);
  }

  private static final double MILLIS_PER_SECOND = 1000;
  /**
   * A job shorter than this on one thread is too small to split: starting workers and handing out
   * partitions takes a few to tens of ms in one JVM, as much as the work. A longer job slower in
   * parallel has another cause (the machine's load, above all), which this note would misname.
   */
  private static final double TOO_SMALL_MILLIS = 50;
  private static final double NANOS_PER_MILLI = 1e6;

  /**
   * What the table of one {@code cpu_bound(n)} leaves unsaid, in lines to print under it: how much
   * of each mode's wall its combine was (the product of the partials' huge integers; the parallel
   * modes run it on a pool beside the compute, the sequential mode on its one thread), and for each
   * parallel mode slower than sequential, why: the job is too small to split.
   */
  static List<String> remarks(Report report) {
    List<String> lines = new ArrayList<>();
    List<String> shares = new ArrayList<>();
    Double sequentialMillis = null;
    for (RunRow row : report.runs()) {
      if (row.error() != null || row.wallSeconds() <= 0) {
        continue;
      }
      double combineMillis = row.stats().combineNanos() / NANOS_PER_MILLI;
      double wallMillis = row.wallSeconds() * MILLIS_PER_SECOND;
      shares.add(String.format(Locale.ROOT, "%s %.0f ms (%.0f %% of its wall)", row.mode(), combineMillis,
          100 * combineMillis / wallMillis));
      if (row.workers() == 1 && row.speedup() != null && row.speedup() == 1.0) {
        sequentialMillis = wallMillis;
      }
    }
    if (!shares.isEmpty()) {
      lines.add("combine (multiplying the partials, summed over the threads that did): " + String.join(", ", shares)
          + "; threads mode combines on a pool as wide as its workers, actors and cluster on one as wide as the "
          + "coordinator JVM's cores, beside the compute");
    }
    for (RunRow row : report.runs()) {
      if (row.error() == null && sequentialMillis != null && sequentialMillis < TOO_SMALL_MILLIS
          && row.speedup() != null && row.speedup() < 1) {
        double evenShare = sequentialMillis / row.workers();
        lines.add(String.format(Locale.ROOT, "%s is slower than sequential: the whole job is %.1f ms on one thread, "
                + "too small to split; an even share would be %.1f ms, and the %.1f ms more it took is what %d workers "
                + "cost to start and to hand %d partitions to and back, more than the work they share",
            row.mode(), sequentialMillis, evenShare, row.wallSeconds() * MILLIS_PER_SECOND - evenShare, row.workers(),
            row.stats().partitions()));
      }
    }
    return lines;
  }

  private static void add(long n, String digest, long bits) {
    CPU_BOUND.put(n, new Reference(n, digest, bits));
  }

  private SeedNotes() {
  }
}
