package io.scatter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import io.scatter.coordinator.ProgressListener;
import io.scatter.service.JobRequest;
import io.scatter.service.JobRequestException;
import io.scatter.service.JobRequestJson;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code scatter submit}: the job {@code run} would run, sent to a {@code scatter coordinator}'s
 * job API and followed to its end. Exits as {@code run} does: 0 succeeded, 1 failed or cancelled,
 * 2 refused; after Ctrl-C the JVM's 130, once the job has been cancelled.
 */
@Command(name = "submit", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Submit a job to a coordinator's job API, follow it, and print its answer.",
    footer = {"", "Examples:", "  scatter submit --task primes --range 0..50_000_000 --partitions 64",
        "  scatter submit --to http://10.0.0.5:8080 --token-file ~/.scatter-token --urls urls.txt --io async"})
final class SubmitCommand implements Callable<Integer> {

  /**
   * Below scatter.api.wait-max's default (15 s): coordinators of this version cut a longer wait to
   * their maximum, but older ones refused it.
   */
  private static final long MAX_WAIT_MILLIS = 5_000;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Mixin
  ApiOptions api;

  @Mixin
  JobOptions job;

  @Mixin
  FetchOptions fetch;

  @Option(names = "--speculation", negatable = true,
      description = "let idle workers run copies of straggling partitions near the end (default: the coordinator's conf)")
  Boolean speculation;

  @Mixin
  ProgressOption progress;

  @Mixin
  CommonOptions common = CommonOptions.scatterOnly();

  /** The job the flags describe, as {@code run} builds it; the coordinator fills what is unset from its conf/. */
  JobRequest request() {
    JobRequest request = job.request().speculation(speculation).build();
    return fetch.isFetchJob(job) ? fetch.addTo(request.toBuilder().io(fetch.io)) : request;
  }

  @Override
  public Integer call() throws InterruptedException {
    Config config = common.config();
    Progress shown = progress.choose(spec.commandLine().getErr());
    String body;
    try {
      body = JobRequestJson.write(request());
    } catch (JobRequestException e) {
      throw new UserInputException(e.message(RequestFlags::flag));
    }
    long pollMillis = ApiClientSettings.from(config).poll().toMillis();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (ApiClient client = api.client(config)) {
      if (!job.jars.isEmpty()) {
        // Uploaded first: the coordinator stores each by digest (once, however often sent), and the job names them.
        List<String> digests = job.readableJars().stream().map(client::uploadJar).toList();
        body = JobRequestJson.write(request().toBuilder().jars(digests).build());
      }
      // Registered before the POST, so Ctrl-C from the moment the POST answers cancels the job: a job
      // is never left running on the cluster for a client that has gone.
      AtomicReference<String> running = new AtomicReference<>();
      Thread hook = cancelOnExit(client, running, err);
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        JsonNode job = client.submit(body);
        String id = job.get("id").asText();
        running.set(id);
        out.printf("job %s: task %s, %s, at %s%n", id, job.get("task").asText(),
            Plural.of(job.get("partitions").asLong(), "partition"), client.shown());
        out.flush();
        JsonNode ended = follow(client, job, shown, pollMillis);
        running.set(null);
        return report(ended, out, err);
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // The hook is running: it cancels the job, then the JVM exits (130 after Ctrl-C).
        }
      }
    }
  }

  /** Cancels the job in {@code running}, if there is one still, when the JVM is told to stop. */
  private static Thread cancelOnExit(ApiClient client, AtomicReference<String> running, PrintWriter err) {
    return new Thread(() -> {
      String id = running.get();
      if (id == null) {
        return;
      }
      try {
        JsonNode cancelled = client.cancel(id);
        err.println("scatter submit: cancelled job " + id + ": " + cancelled.get("state").asText());
      } catch (RuntimeException e) {
        err.println("scatter submit: could not cancel job " + id + ": " + e.getMessage());
      }
      err.flush();
    }, "scatter-submit-cancel");
  }

  /**
   * Asks for the job until it has ended, showing its progress: each request is held by the server
   * until the job ends or a poll interval is over, so the end is seen at once, not up to a poll late.
   * The progress is labelled with the mode the coordinator runs the job in, as {@code run} labels
   * its own, so a script reads the same lines from both.
   */
  private static JsonNode follow(ApiClient client, JsonNode job, Progress shown, long pollMillis)
      throws InterruptedException {
    String id = job.get("id").asText();
    ProgressListener bar = shown.open(mode(job), job.get("partitions").asLong());
    try {
      while (isRunning(job)) {
        job = client.jobAfter(id, Math.min(pollMillis, MAX_WAIT_MILLIS));
        bar.onProgress(job.get("partitionsDone").asLong(), job.get("partitions").asLong());
        bar.onRetries(retries(job));
      }
      return job;
    } finally {
      ProgressBar.close(bar);
    }
  }

  /** A coordinator older than the job JSON's {@code mode} runs every job on its cluster. */
  private static String mode(JsonNode job) {
    return job.hasNonNull("mode") ? job.get("mode").asText() : "cluster";
  }

  /** The count so far; from an older coordinator, which gives none while a job runs, the stats' at its end. */
  private static long retries(JsonNode job) {
    if (job.hasNonNull("retries")) {
      return job.get("retries").asLong();
    }
    JsonNode stats = job.get("stats");
    return stats == null || stats.isNull() ? 0 : stats.get("retries").asLong();
  }

  private static boolean isRunning(JsonNode job) {
    return "RUNNING".equals(job.get("state").asText());
  }

  private static int report(JsonNode job, PrintWriter out, PrintWriter err) {
    String id = job.get("id").asText();
    String state = job.get("state").asText();
    JsonNode stats = job.get("stats");
    String took = job.hasNonNull("ended") ? String.format(" in %.3f s", Duration.between(
        Instant.parse(job.get("submitted").asText()), Instant.parse(job.get("ended").asText())).toMillis() / 1000.0) : "";
    String summary = "job " + id + " " + state + took + ", " + job.get("partitionsDone").asLong() + " of "
        + Plural.of(job.get("partitions").asLong(), "partition") + " done"
        + (stats == null || stats.isNull() ? "" : ", " + Plural.of(stats.get("retries").asLong(), "retry", "retries")
            + ", " + stats.get("speculated").asLong() + " speculative, "
            + Plural.of(stats.get("duplicates").asLong(), "duplicate") + " dropped");
    if ("SUCCEEDED".equals(state)) {
      out.println("answer: " + job.get("answer").asText());
      out.println(summary);
      return ExitCodes.OK;
    }
    out.println(summary);
    out.flush();
    String error = job.hasNonNull("error") ? job.get("error").asText() : null;
    // A cancelled job's error already says so ("cancelled; 178 of 400 partitions had finished").
    err.println("scatter submit: job " + id + " " + ("CANCELLED".equals(state)
        ? (error == null ? "cancelled" : error) : "failed: " + (error == null ? "no error given" : error)));
    return ExitCodes.JOB_FAILED;
  }
}
