package io.scatter.cli;

import com.typesafe.config.Config;
import io.scatter.chaos.ChaosSettings;
import io.scatter.chaos.FaultSpec;
import io.scatter.chaos.FaultTimeline;
import io.scatter.coordinator.ClusterRunner;
import io.scatter.coordinator.ExecutionMode;
import io.scatter.coordinator.Job;
import io.scatter.coordinator.JobBackend;
import io.scatter.coordinator.JobBackends;
import io.scatter.coordinator.JobFailedException;
import io.scatter.coordinator.ProgressListener;
import io.scatter.coordinator.RunResult;
import io.scatter.journal.JobJournal;
import io.scatter.journal.JournalSettings;
import io.scatter.node.ClusterSettings;
import io.scatter.service.JobDefaults;
import io.scatter.service.JobRequest;
import io.scatter.service.JobRequests;
import io.scatter.service.RunnerJobService;
import io.scatter.service.TimedRun;
import io.scatter.service.UrlListLimit;
import io.scatter.task.TaskRegistry;
import io.scatter.code.CoordinatorCode;
import io.scatter.node.PlainTcpExposure;
import io.scatter.node.code.CodeSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code scatter run}: one job, one mode, the answer and what it cost. The job runs through a job
 * service of this JVM's over the mode's backend, as a job sent to the HTTP API does; Ctrl-C cancels
 * it through that service, says how far it got, and exits 130. With {@code --journal} the job is
 * kept in a journal as the service keeps any: a run killed (or stopped with Ctrl-C) leaves it there,
 * and the same command run again waits for that job, resumed, instead of starting another.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Run a job in one execution mode and print its answer and cost.",
    footer = {"", "Examples:", "  scatter run --task primes --range 0..50_000_000 --partitions 64 --mode actors",
        "  scatter run --urls urls.txt --io async --concurrency 128 --batch 500 --mode actors"})
final class RunCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Mixin
  JobOptions job;

  @Mixin
  WorkersOption workersOption;

  @Mixin
  FetchOptions fetch;

  @Option(names = {"-m", "--mode"}, paramLabel = "MODE", defaultValue = "actors",
      description = "sequential, threads, actors or cluster (default: ${DEFAULT-VALUE})")
  String mode;

  @Option(names = "--json", paramLabel = "FILE", description = "also write the result as JSON")
  Path json;

  @Option(names = "--html", paramLabel = "FILE",
      description = "also write the result as one HTML page with charts, drawn from the JSON (no network needed to open it)")
  Path html;

  @Option(names = "--chaos", paramLabel = "FAULT",
      description = "cluster mode: inject a fault at a point of the job's progress; repeatable. "
          + "kill:NODE@40%%, freeze:NODE@30%%:5s, cutoff:NODE@50%%:5s (NODE a name from 'scatter cluster status', or RANDOM)")
  List<String> chaos = List.of();

  @Option(names = "--baseline", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "with --chaos: run the job without faults first (scatter.chaos.baseline-runs times), "
          + "to show what the faults cost against how much runs vary (default: on)")
  boolean baseline;

  @Option(names = "--journal", paramLabel = "DIR|URL",
      description = "actors and cluster mode: keep the job in a journal (a folder, an embedded H2 database in it, "
          + "or a jdbc:postgresql:// URL), so the same command run again after a crash or Ctrl-C resumes it, "
          + "computing only the partitions without a kept result")
  String journal;

  @Option(names = "--speculation", negatable = true,
      description = "let idle workers run copies of straggling partitions near the end (default: ${bundle:scatter.job.speculation})")
  Boolean speculation;

  @Mixin
  ProgressOption progress;

  @Mixin
  ClusterOptions cluster;

  @Mixin
  CoordinatorPorts ports;

  @Mixin
  TlsOption tls;

  @Mixin
  CommonOptions common;

  /** The job the flags describe, as {@code POST /jobs} would describe it. */
  JobRequest request(JobDefaults defaults) {
    JobRequest request = job.request().speculation(speculation).build();
    return fetch.isFetchJob(job)
        ? FetchOptions.withStyle(fetch.addTo(request.toBuilder()), fetch.singleIo(defaults)) : request;
  }

  private static int baselineRuns(Config config) {
    int runs = ChaosSettings.from(config).baselineRuns();
    if (runs < 1) {
      throw new UserInputException("scatter.chaos.baseline-runs must be at least 1 (--no-baseline skips them), got " + runs);
    }
    return runs;
  }

  /**
   * Only the actor modes' job coordinator hands accepted results to a journal and resumes from them;
   * a chaos run is measured from its own start, which a resumed one would not be.
   */
  private static void refuseJournal(ExecutionMode mode, List<FaultSpec> faults) {
    if (mode != ExecutionMode.ACTORS && mode != ExecutionMode.CLUSTER) {
      throw new UserInputException("--journal needs --mode actors or cluster: a " + mode.label()
          + " run keeps nothing to resume");
    }
    if (!faults.isEmpty()) {
      throw new UserInputException("--journal and --chaos do not go together: a chaos run is not resumed");
    }
  }

  /**
   * With a journal, Ctrl-C stops the service instead of cancelling the job: the journal then keeps
   * it running, for the same command to resume.
   */
  private RunnerJobService watch(CancelOnExit interrupt, RunnerJobService service) {
    return journal == null ? interrupt.watch(service) : interrupt.watchKeeping(service);
  }

  /**
   * The job a run of the same command left running in the journal, if the service resumed one: the
   * same plan. Says what it found, and any other job it resumed, which runs beside this one.
   */
  private static Optional<RunnerJobService.Resumed> sameJob(List<RunnerJobService.Resumed> resumed, Job prepared,
      String journal, PrintWriter out) {
    Optional<RunnerJobService.Resumed> same = resumed.stream()
        .filter(job -> job.planLine().equals(prepared.planLine())).findFirst();
    for (RunnerJobService.Resumed job : resumed) {
      String id = job.submitted().handle().id();
      if (same.isPresent() && same.get() == job) {
        out.printf("resumed job %s: %d of %d partitions kept from journal %s%n", id, job.keptPartitions(),
            prepared.partitionCount(), journal);
      } else {
        out.printf("journal %s also kept job %s (%s): it runs beside this one, and stays in the journal if it has "
            + "not ended when this run does%n", journal, id, job.planLine());
      }
    }
    return same;
  }

  private static String store(CoordinatorCode code, java.nio.file.Path jar) {
    try (java.io.InputStream in = java.nio.file.Files.newInputStream(jar)) {
      return code.store().put(in).digest();
    } catch (java.nio.file.NoSuchFileException e) {
      throw new UserInputException("--jar " + jar + ": no such file");
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--jar " + jar + ": " + e.getMessage());
    } catch (java.io.IOException e) {
      throw new UserInputException("--jar " + jar + ": cannot store it in " + code.store().dir() + ": " + e.getMessage());
    }
  }

  @Override
  public Integer call() {
    Config config = common.config();
    ExecutionMode executionMode = ExecutionMode.parse(mode);
    TaskRegistry registry = TaskRegistry.load();
    List<String> jars = List.of();
    if (!job.jars.isEmpty()) {
      // The run's own coordinator stores the jars (by digest) and loads them; in cluster mode its nodes fetch them.
      Config member = cluster.clusterConfig(common);
      CoordinatorCode code = CoordinatorCode.of(CodeSettings.from(member), executionMode == ExecutionMode.CLUSTER
          && PlainTcpExposure.plainOffLoopback(member, cluster.host));
      registry = code.tasks(registry);
      jars = job.readableJars().stream().map(jar -> store(code, jar)).toList();
    }
    JobRequests requests = new JobRequests(JobDefaults.from(config), registry);
    List<FaultSpec> faults = chaos.stream().map(FaultSpec::parse).toList();
    if (!faults.isEmpty() && executionMode != ExecutionMode.CLUSTER) {
      throw new UserInputException("--chaos needs --mode cluster: faults are injected into node JVMs");
    }
    if (journal != null) {
      refuseJournal(executionMode, faults);
    }
    Progress shown = progress.choose(spec.commandLine().getErr());
    ReportFiles files = new ReportFiles(json, html, spec.qualifiedName()).check();
    if (!faults.isEmpty() && baseline) {
      baselineRuns(config);
    }
    boolean fetching = fetch.isFetchJob(job);
    JobRequest request = request(requests.defaults()).toBuilder().jars(jars).build();
    Optional<UrlListLimit> oneMessage = fetching && executionMode == ExecutionMode.CLUSTER
        ? Optional.of(UrlListLimit.of(cluster.clusterConfig(common))) : Optional.empty();
    Job prepared = RequestFlags.prepare(requests, request, oneMessage);
    int workers = executionMode == ExecutionMode.SEQUENTIAL ? 1 : workersOption.resolve(config);
    PrintWriter out = spec.commandLine().getOut();
    String heading = fetching ? FetchReport.describeRun(prepared, executionMode) : Report.describe(prepared);
    out.println(heading + ", mode " + executionMode.label()
        + (executionMode == ExecutionMode.CLUSTER ? "" : ", " + workers + (workers == 1 ? " worker" : " workers")));
    ProgressListener bar = ProgressListener.NONE;
    RunResult result;
    FaultTimeline timeline = null;
    PrintWriter err = spec.commandLine().getErr();
    try (CancelOnExit interrupt = new CancelOnExit(spec.qualifiedName(), err);
        ClusterSession session = new ClusterSession(cluster, ports, tls, common, err,
            ClusterSettings.from(config).localNodes())) {
      Config serviceConfig = JobBackends.configFor(executionMode, config, session.target());
      JobBackend backend = JobBackends.create(executionMode, config, workers, registry, session.target());
      // Opened before the backend (cluster mode: before joining): a journal in use or unreadable stops the run at once.
      Optional<JobJournal> kept = Optional.ofNullable(journal).map(where ->
          JobJournal.open(JournalSettings.from(serviceConfig).at(where), serviceConfig));
      try (RunnerJobService service = watch(interrupt, RunnerJobService.open(backend, serviceConfig, registry, kept))) {
        Optional<RunnerJobService.Resumed> resumed = kept.isPresent()
            ? sameJob(service.resumed(), prepared, kept.get().describe(), out) : Optional.empty();
        bar = shown.open(executionMode.label(), prepared.partitionCount());
        if (resumed.isPresent()) {
          result = TimedRun.await(service, resumed.get(), bar, workers);
        } else if (kept.isPresent()) {
          result = TimedRun.run(service, request, bar, workers);
        } else if (faults.isEmpty()) {
          result = TimedRun.run(service, prepared, bar, workers);
        } else {
          ChaosRun.Outcome outcome = ChaosRun.run(service, (ClusterRunner) backend, prepared, faults,
              cluster.stateDir(cluster.clusterConfig(common)), baseline ? baselineRuns(config) : 0, bar);
          result = outcome.result();
          timeline = outcome.timeline();
        }
      } catch (JobFailedException e) {
        ProgressBar.close(bar);
        RunRow failed = RunRow.failed(executionMode.label(), workers, e.stats(), e.getMessage());
        files.write(fetching ? FetchReport.of(prepared, List.of(FetchRow.failed(prepared, failed)), false)
            : Report.of(prepared, List.of(failed), false, null), out);
        if (interrupt.cancelling()) {
          // Ctrl-C: the message says the job was cancelled and how far it got; the JVM exits 130 once all is closed.
          err.println(spec.qualifiedName() + ": " + e.getMessage() + (journal == null ? ""
              : "; the journal keeps the job and its results: the same command resumes it"));
          err.flush();
          return ExitCodes.INTERRUPTED;
        }
        throw e;
      }
    }
    ProgressBar.close(bar);
    RunRow row = RunRow.of(result, null);
    if (executionMode == ExecutionMode.CLUSTER) {
      out.printf("%s in the cluster, %,d messages and %,d bytes over the wire%n", Plural.of(result.workers(), "worker"),
          row.stats().messagesToWorkers() + row.stats().messagesFromWorkers(), row.stats().wireBytes());
    }
    FetchReport fetchReport = null;
    if (fetching) {
      fetchReport = FetchReport.of(prepared, List.of(FetchRow.of(prepared, result, row)), true, timeline);
      fetchReport.printRun(out);
    } else {
      out.println("answer: " + result.answer());
    }
    out.printf("wall %.3f s, cpu %s, %,.0f partitions/s, %s, %d speculative, %s dropped, "
            + "partition p50 %.2f ms, p99 %.2f ms%n",
        row.wallSeconds(), row.cpuSeconds() == null ? "n/a" : String.format("%.2f s", row.cpuSeconds()),
        row.partitionsPerSecond(), Plural.of(row.stats().retries(), "retry", "retries"), row.stats().speculated(),
        Plural.of(row.stats().duplicates(), "duplicate"),
        row.stats().latency().p50Millis(), row.stats().latency().p99Millis());
    if (timeline != null) {
      timeline.print(out);
    }
    files.write(fetchReport != null ? fetchReport : Report.of(prepared, List.of(row), true, timeline), out);
    return ExitCodes.OK;
  }
}
