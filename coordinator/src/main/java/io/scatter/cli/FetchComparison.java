package io.scatter.cli;

import com.typesafe.config.Config;
import io.scatter.coordinator.ExecutionMode;
import io.scatter.coordinator.Job;
import io.scatter.node.fetch.FetchResult;
import io.scatter.node.fetch.FetchTally;
import io.scatter.node.fetch.IoStyle;
import io.scatter.task.TaskRegistry;
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

  private final Comparison comparison;
  private final List<FetchRow> rows = new ArrayList<>();
  /** Each successful run's results, beside its label ("async/actors"). */
  private final List<Labelled> results = new ArrayList<>();
  private Job first;

  private record Labelled(String label, List<FetchResult> results) { }

  FetchComparison(Comparison comparison) {
    this.comparison = comparison;
  }

  /** Runs {@code prepared} (a fetch job) in each mode and adds a row per run. */
  @SuppressWarnings("unchecked")
  void add(Job prepared, List<ExecutionMode> modes) {
    if (first == null) {
      first = prepared;
    }
    String io = io(prepared);
    for (Comparison.ModeRun run : comparison.runEach(prepared, modes)) {
      if (run.result() == null) {
        rows.add(FetchRow.failed(io, run.row()));
        continue;
      }
      rows.add(FetchRow.of(prepared, run.result(), run.row()));
      results.add(new Labelled(io + "/" + run.row().mode(), (List<FetchResult>) run.result().value()));
    }
  }

  /** {@code compare --urls ...}: the whole grid, its table, and whether every run agreed. */
  static FetchReport compare(Comparison comparison, FetchOptions fetch, JobOptions job, Config config,
      TaskRegistry registry, List<ExecutionMode> modes, PrintWriter out, PrintWriter err, String command) {
    List<IoStyle> styles = fetch.ioStyles(config);
    boolean cluster = modes.contains(ExecutionMode.CLUSTER);
    List<Job> jobs = new ArrayList<>();
    for (IoStyle style : styles) {
      fetch.applyTo(job, config, style, cluster);
      jobs.add(job.prepare(config, registry));
    }
    out.println(FetchReport.describe(jobs.get(0)));
    FetchComparison grid = new FetchComparison(comparison);
    jobs.forEach(prepared -> grid.add(prepared, modes));
    FetchReport report = grid.report();
    FetchReport.printTable(out, report.runs());
    grid.printVerdict(out, err, command);
    return report;
  }

  FetchReport report() {
    return FetchReport.of(first, rows, difference().isEmpty() && rows.stream().allMatch(r -> r.error() == null));
  }

  /** "outcomes (all runs agree): ..." or, on stderr, the first URL the runs disagree on. */
  void printVerdict(PrintWriter out, PrintWriter err, String command) {
    Optional<String> difference = difference();
    List<FetchRow> failed = rows.stream().filter(r -> r.error() != null).toList();
    if (difference.isEmpty() && failed.isEmpty()) {
      if (!results.isEmpty()) {
        out.println("outcomes (all runs agree): " + FetchTally.of(results.get(0).results()).describe());
      }
      return;
    }
    if (!failed.isEmpty()) {
      err.println(command + ": " + failed.size() + " of " + rows.size() + " runs failed: "
          + failed.get(0).io() + "/" + failed.get(0).mode() + ": " + failed.get(0).error());
    }
    difference.ifPresent(text -> err.println(command + ": the runs did not fetch the same: " + text));
  }

  /** The first URL whose outcome differs between runs, and how many differ in all; empty when all agree. */
  private Optional<String> difference() {
    if (results.size() < 2) {
      return Optional.empty();
    }
    List<FetchResult> reference = results.get(0).results();
    for (Labelled other : results) {
      if (other.results().size() != reference.size()) {
        return Optional.of(results.get(0).label() + " fetched " + reference.size() + " URLs, " + other.label()
            + " " + other.results().size());
      }
    }
    String firstDifference = null;
    long differing = 0;
    for (int i = 0; i < reference.size(); i++) {
      int index = i;
      FetchResult expected = reference.get(i);
      List<Labelled> disagreeing = results.stream().filter(run -> !sameFetch(expected, run.results().get(index)))
          .toList();
      if (!disagreeing.isEmpty()) {
        differing++;
        if (firstDifference == null) {
          StringBuilder text = new StringBuilder("URL " + expected.index() + " (" + expected.url() + "): "
              + results.get(0).label() + " " + expected.outcome());
          disagreeing.forEach(run -> text.append(", ").append(run.label()).append(' ')
              .append(run.results().get(index).url().equals(expected.url()) ? "" : run.results().get(index).url() + " ")
              .append(run.results().get(index).outcome()));
          firstDifference = text.toString();
        }
      }
    }
    return firstDifference == null ? Optional.empty()
        : Optional.of(firstDifference + (differing > 1 ? " (" + differing + " URLs differ)" : ""));
  }

  private static boolean sameFetch(FetchResult a, FetchResult b) {
    return a.index() == b.index() && a.url().equals(b.url()) && a.outcome().equals(b.outcome());
  }

  private static String io(Job job) {
    return job.task().params().asStrings().get(io.scatter.node.fetch.FetchSettings.IO);
  }
}
