package io.scatter.cli;

import com.typesafe.config.Config;
import io.scatter.coordinator.ExecutionMode;
import io.scatter.coordinator.Job;
import io.scatter.node.fetch.IoStyle;
import io.scatter.service.JobDefaults;
import io.scatter.service.JobRequest;
import io.scatter.service.JobRequests;
import io.scatter.service.UrlListLimit;
import io.scatter.task.TaskRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code scatter compare}: the same job in several modes, side by side, answers checked equal. */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Run one job in several execution modes, check they agree, and print what each cost.",
    footer = {"", "Examples:",
        "  scatter compare --task primes --range 0..20_000_000 --modes sequential,threads,actors",
        "  scatter compare --preset seeds      # the seed notes' cpu_bound(n) for n = 50, 63, 32",
        "  scatter compare --urls urls.txt --io blocking,async --modes threads,actors",
        "  scatter compare --preset seeds-io   # the seed notes' I/O experiment against a built-in test server",
        "", "compare keeps no journal: a comparison stopped part way runs again from the start (run --journal resumes one job)."})
final class CompareCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Mixin
  JobOptions job;

  @Mixin
  WorkersOption workersOption;

  @Mixin
  FetchOptions fetch;

  @Option(names = "--modes", paramLabel = "LIST", defaultValue = "sequential,threads,actors",
      description = "comma-separated modes: sequential, threads, actors, cluster (default: ${DEFAULT-VALUE})")
  String modes;

  @Option(names = "--preset", paramLabel = "NAME", description = "a ready-made experiment: seeds, seeds-io")
  String preset;

  @Option(names = "--warmup", paramLabel = "N",
      description = "untimed runs of each mode before its timed run (default: ${bundle:scatter.compare.warmup-runs})")
  Integer warmup;

  @Option(names = "--json", paramLabel = "FILE", description = "also write the comparison as JSON")
  Path json;

  @Option(names = "--html", paramLabel = "FILE",
      description = "also write the comparison as one HTML page with charts, drawn from the JSON (no network needed to open it)")
  Path html;

  @Mixin
  ProgressOption progress;

  @Mixin
  ClusterOptions cluster;

  @Mixin
  CoordinatorPorts ports;

  @Mixin
  TlsOption tls;

  @Option(names = "--nodes", paramLabel = "N",
      description = "cluster row: node JVMs to start when no local cluster runs (default: ${bundle:scatter.cluster.local-nodes})")
  Integer nodes;

  @Mixin
  CommonOptions common;

  @Override
  public Integer call() {
    Config config = common.config();
    if (!job.jars.isEmpty()) {
      throw new UserInputException("--jar is for run and submit: compare runs tasks on the classpath");
    }
    TaskRegistry registry = TaskRegistry.load();
    JobRequests requests = new JobRequests(JobDefaults.from(config), registry);
    List<ExecutionMode> modeList = ModeList.parse(modes);
    int localNodes = (int) Setting.flagOr("--nodes", nodes, config, "scatter.cluster.local-nodes", Config::getInt)
        .atLeast(1);
    PrintWriter out = spec.commandLine().getOut();
    Progress shown = progress.choose(spec.commandLine().getErr());
    ReportFiles files = new ReportFiles(json, html, spec.qualifiedName()).check();
    try (CancelOnExit interrupt = new CancelOnExit(spec.qualifiedName(), spec.commandLine().getErr());
        ClusterSession session = new ClusterSession(cluster, ports, tls, common, spec.commandLine().getErr(), localNodes)) {
      Comparison comparison = new Comparison(config, registry, workersOption.resolve(config), shown,
          warmupRuns(config), session.target(), interrupt);
      if (preset != null) {
        return runPreset(comparison, modeList, config, requests, out, shown, files);
      }
      if (fetch.isFetchJob(job)) {
        FetchReport report = FetchComparison.compare(comparison, fetchJobs(requests, modeList), modeList, out,
            spec.commandLine().getErr(), spec.qualifiedName());
        files.write(report, out);
        return report.outcomesAgree() ? ExitCodes.OK : ExitCodes.JOB_FAILED;
      }
      Job prepared = RequestFlags.prepare(requests, job.request().build(), Optional.empty());
      Report report = compareOne(comparison, prepared, modeList, out);
      files.write(report, out);
      if (comparison.interrupted()) {
        // Ctrl-C: the rows that ran are printed (and written); the JVM exits 130 once all is closed.
        spec.commandLine().getErr().println(spec.qualifiedName() + ": interrupted; the table shows the "
            + report.runs().size() + " of " + Plural.of(modeList.size(), "mode") + " that ran");
        return ExitCodes.INTERRUPTED;
      }
      return report.answersAgree() ? ExitCodes.OK : ExitCodes.JOB_FAILED;
    }
  }

  /** One job per I/O style, every one prepared before any runs, so a bad option fails at once, not after a first run. */
  private List<Job> fetchJobs(JobRequests requests, List<ExecutionMode> modeList) {
    JobRequest base = fetch.addTo(job.request());
    Optional<UrlListLimit> oneMessage = modeList.contains(ExecutionMode.CLUSTER)
        ? Optional.of(UrlListLimit.of(cluster.clusterConfig(common))) : Optional.empty();
    List<Job> jobs = new ArrayList<>();
    for (IoStyle style : fetch.ioStyles(requests.defaults())) {
      jobs.add(RequestFlags.prepare(requests, FetchOptions.withStyle(base, style), oneMessage));
    }
    return jobs;
  }

  private int warmupRuns(Config config) {
    return Setting.flagOr("--warmup", warmup, config, "scatter.compare.warmup-runs", Config::getInt)
        .require(runs -> runs >= 0, "0 or more");
  }

  private Report compareOne(Comparison comparison, Job prepared, List<ExecutionMode> modeList, PrintWriter out) {
    out.println(Report.describe(prepared));
    Report report = comparison.run(prepared, modeList);
    report.printTable(out);
    if (comparison.interrupted()) {
      return report;
    }
    if (report.answersAgree()) {
      out.println("answer (all modes agree): " + report.runs().get(0).answer());
    } else {
      PrintWriter err = spec.commandLine().getErr();
      err.println(spec.qualifiedName() + ": the modes did not all produce the same answer:");
      Comparison.printDisagreement(report, err);
    }
    return report;
  }

  private int runPreset(Comparison comparison, List<ExecutionMode> modeList, Config config, JobRequests requests,
      PrintWriter out, Progress shown, ReportFiles files) {
    if (!"seeds".equals(preset) && !SeedsIoPreset.NAME.equals(preset)) {
      throw new UserInputException("unknown preset '" + preset + "'; available: seeds, " + SeedsIoPreset.NAME);
    }
    if (job.task != null || job.range != null || fetch.isFetchJob(job)) {
      throw new UserInputException("--preset " + preset
          + " chooses its own task and input; drop --task/--range/--urls/--url");
    }
    if (SeedsIoPreset.NAME.equals(preset)) {
      SeedsIoPreset.IoPresetReport report = new SeedsIoPreset(config, requests, shown,
          warmup != null ? warmupRuns(config) : SeedsIoSettings.from(config).warmupRuns()).run(out);
      files.write(report, out);
      return report.allOk() ? ExitCodes.OK : ExitCodes.JOB_FAILED;
    }
    List<Report> reports = new ArrayList<>();
    boolean allGood = true;
    for (SeedNotes.Reference reference : SeedNotes.CPU_BOUND.values()) {
      JobRequest request = job.request().task("nested-product").params(Map.of("n", Long.toString(reference.n())))
          .build();
      Report report = compareOne(comparison, RequestFlags.prepare(requests, request, Optional.empty()), modeList, out);
      SeedNotes.remarks(report).forEach(out::println);
      reports.add(report);
      boolean matches = report.answersAgree() && matchesReference(report, reference);
      out.printf("cpu_bound(%d): seed notes %s (%,d bits) -> %s%n%n", reference.n(), reference.digest(),
          reference.bits(), matches ? "match" : "MISMATCH");
      allGood &= matches;
    }
    files.write(new PresetReport(preset, reports), out);
    return allGood ? ExitCodes.OK : ExitCodes.JOB_FAILED;
  }

  private static boolean matchesReference(Report report, SeedNotes.Reference reference) {
    String expected = String.format("%,d bits, sha256 %s", reference.bits(), reference.digest());
    return report.runs().stream().allMatch(r -> expected.equals(r.answer()));
  }

  /** JSON for a preset: one report per experiment. */
  record PresetReport(String preset, List<Report> experiments) { }
}
