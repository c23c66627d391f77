package io.scatter.cli;

import io.scatter.coordinator.ExecutionMode;
import io.scatter.coordinator.Job;
import io.scatter.node.fetch.FetchResult;
import io.scatter.node.fetch.FetchTally;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code compare} for fetch jobs: every I/O style in every mode, one row each, then a check that
 * every run fetched the same URLs with the same statuses and error kinds (latencies differ, of
 * course, and are not compared).
 */
final class FetchComparison {

  /** A successful run's results, and which run it was ("async/actors"). */
  private record Labelled(String label, List<FetchResult> results) { }

  private final Comparison comparison;
  private final List<FetchRow> rows = new ArrayList<>();
  private final List<Labelled> results = new ArrayList<>();

  private FetchComparison(Comparison comparison) {
    this.comparison = comparison;
  }

  /**
   * {@code compare --urls ...}: the whole grid, its table, and a verdict on whether every run agreed.
   *
   * @param jobs the job once per I/O style, all prepared before any runs
   */
  static FetchReport compare(Comparison comparison, List<Job> jobs, List<ExecutionMode> modes, PrintWriter out,
      PrintWriter err, String command) {
    out.println(FetchReport.describe(jobs.get(0)));
    FetchComparison grid = new FetchComparison(comparison);
    jobs.forEach(prepared -> grid.add(prepared, modes));
    Optional<String> difference = grid.difference();
    List<FetchRow> failed = grid.rows.stream().filter(r -> r.error() != null).toList();
    FetchReport.printTable(out, grid.rows);
    if (!failed.isEmpty()) {
      FetchRow first = failed.get(0);
      err.println(command + ": " + failed.size() + " of " + grid.rows.size() + " runs failed; " + first.io() + "/"
          + first.mode() + ": " + first.error());
    }
    difference.ifPresent(text -> err.println(command + ": the runs did not fetch the same: " + text));
    if (failed.isEmpty() && difference.isEmpty() && !grid.results.isEmpty()) {
      out.println("outcomes (all runs agree): " + FetchTally.of(grid.results.get(0).results()).describe());
    }
    return FetchReport.of(jobs.get(0), grid.rows, failed.isEmpty() && difference.isEmpty());
  }

  /** The row of one mode's run of a fetch job. */
  static FetchRow row(Job job, Comparison.ModeRun run) {
    return run.result() == null ? FetchRow.failed(job, run.row()) : FetchRow.of(job, run.result(), run.row());
  }

  @SuppressWarnings("unchecked")
  private void add(Job prepared, List<ExecutionMode> modes) {
    for (Comparison.ModeRun run : comparison.runEach(prepared, modes)) {
      FetchRow row = row(prepared, run);
      rows.add(row);
      if (run.result() != null) {
        results.add(new Labelled(row.io() + "/" + row.mode(), (List<FetchResult>) run.result().value()));
      }
    }
  }

  /** The first URL whose outcome differs between runs, and how many differ; empty when all agree. */
  private Optional<String> difference() {
    if (results.isEmpty()) {
      return Optional.empty();
    }
    Labelled reference = results.get(0);
    int urls = reference.results().size();
    for (Labelled run : results) {
      if (run.results().size() != urls) {
        return Optional.of(reference.label() + " fetched " + Plural.of(urls, "URL") + ", " + run.label() + " "
            + run.results().size());
      }
    }
    String first = null;
    long differing = 0;
    for (int i = 0; i < urls; i++) {
      FetchResult expected = reference.results().get(i);
      int index = i;
      List<Labelled> disagreeing = results.stream().filter(run -> !sameFetch(expected, run.results().get(index)))
          .toList();
      if (!disagreeing.isEmpty()) {
        differing++;
        first = first != null ? first : describe(reference, disagreeing, i);
      }
    }
    if (first == null) {
      return Optional.empty();
    }
    return Optional.of(differing > 1 ? first + " (" + differing + " URLs differ)" : first);
  }

  /** "URL 3 (http://...): blocking/threads 200, async/actors timeout". */
  private static String describe(Labelled reference, List<Labelled> disagreeing, int i) {
    FetchResult expected = reference.results().get(i);
    StringBuilder text = new StringBuilder("URL " + expected.index() + " (" + expected.url() + "): "
        + reference.label() + " " + expected.outcome());
    disagreeing.forEach(run -> text.append(", ").append(run.label()).append(' ')
        .append(run.results().get(i).outcome()));
    return text.toString();
  }

  private static boolean sameFetch(FetchResult a, FetchResult b) {
    return a.index() == b.index() && a.url().equals(b.url()) && a.outcome().equals(b.outcome());
  }
}
