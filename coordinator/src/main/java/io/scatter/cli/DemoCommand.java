package io.scatter.cli;

import com.typesafe.config.Config;
import io.scatter.coordinator.ExecutionMode;
import io.scatter.coordinator.Job;
import io.scatter.protocol.LongRange;
import io.scatter.service.JobDefaults;
import io.scatter.service.JobRequest;
import io.scatter.service.JobRequests;
import io.scatter.task.TaskRegistry;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code scatter demo}: a short comparison that explains itself. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "A short, self-explaining comparison of sequential, thread-pool and actor execution.")
final class DemoCommand implements Callable<Integer> {

  /** Sized to take a few seconds on one core of a laptop, so the whole demo stays well under a minute. */
  static final LongRange PRIMES_RANGE = new LongRange(0, 40_000_000);
  static final long PRIMES_PARTITIONS = 64;
  static final long NESTED_PRODUCT_N = 50;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = {"-w", "--workers"}, paramLabel = "N", description = "worker threads or actors (default: one per core)")
  Integer workers;

  @Mixin
  ProgressOption progress;

  @Mixin
  CommonOptions common;

  @Override
  public Integer call() {
    Config config = common.config();
    TaskRegistry registry = TaskRegistry.load();
    int cores = Runtime.getRuntime().availableProcessors();
    int n = workers != null ? workers : cores;
    if (n < 1) {
      throw new UserInputException("--workers must be at least 1, got " + n);
    }
    PrintWriter out = spec.commandLine().getOut();
    MachineLoad before = MachineLoad.now();
    List<ExecutionMode> modes = List.of(ExecutionMode.SEQUENTIAL, ExecutionMode.THREADS, ExecutionMode.ACTORS);
    Comparison comparison = new Comparison(config, registry, n, progress.choose(spec.commandLine().getErr()),
        CompareSettings.from(config).warmupRuns(),
        null);

    out.printf("""
        scatter demo: one CPU-bound job, three ways to run it, on a machine with %d cores.
          sequential  every partition on one thread: the baseline
          threads     a fixed pool of %d threads sharing memory
          actors      %d worker actors, each on its own dedicated thread, pulling partitions from a coordinator
        In CPython the GIL keeps threads from running Python code in parallel, so CPU work needs
        processes. The JVM has no GIL: threads and actors should both approach %dx on a machine
        that nothing else keeps busy.

        1) Count the primes below %,d in %d partitions.
        """, cores, n, n, Math.min(n, cores), PRIMES_RANGE.to(), PRIMES_PARTITIONS);
    JobRequests requests = new JobRequests(JobDefaults.from(config), registry);
    Report primes = run(comparison, requests, modes, out, JobRequest.builder().task("primes")
        .range(PRIMES_RANGE.from() + ".." + PRIMES_RANGE.to()).partitions(PRIMES_PARTITIONS).build());
    // Read before and after: a 1-minute average moves slowly, so the runs' own few seconds add
    // little to it, and other work running before or during them shows in one of the two.
    out.println(before.max(MachineLoad.now()).describe());

    out.printf("""

        2) The seed notes' cpu_bound(%d): the product of i*j*k for i, j, k in [1, %d), a %s-bit number.
           Every mode must reproduce the seed notes' digest %s. This job lasts a fraction of a
           second and ends in a few huge multiplications on one thread: its speedups are mostly noise.
        """, NESTED_PRODUCT_N, NESTED_PRODUCT_N, "1,502,289", SeedNotes.CPU_BOUND.get(NESTED_PRODUCT_N).digest());
    // The default partition count, cut to the task's 49 numbers: asking for 64 of them would be refused.
    Report seeds = run(comparison, requests, modes, out, JobRequest.builder().task("nested-product")
        .params(Map.of("n", Long.toString(NESTED_PRODUCT_N))).build());

    boolean ok = primes.answersAgree() && seeds.answersAgree();
    out.printf("""

        Every mode %s. Speedup is wall time against sequential; efficiency is speedup per worker.
        Next: scatter compare --help, scatter tasks, scatter compare --preset seeds
        """, ok ? "gave the same answer" : "did NOT give the same answer");
    return ok ? ExitCodes.OK : ExitCodes.JOB_FAILED;
  }

  /** Prepared as {@code run} prepares its flags' request: the demo runs nothing the API could not. */
  private static Report run(Comparison comparison, JobRequests requests, List<ExecutionMode> modes, PrintWriter out,
      JobRequest request) {
    Job job = RequestFlags.prepare(requests, request, Optional.empty());
    Report report = comparison.run(job, modes);
    report.printTable(out);
    out.println("answer: " + report.runs().get(0).answer() + (report.answersAgree() ? " (all modes agree)" : ""));
    return report;
  }
}
