package io.scatter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.scatter.coordinator.Job;
import io.scatter.node.ScatterConfig;
import io.scatter.service.JobDefaults;
import io.scatter.service.JobRequest;
import io.scatter.service.JobRequestJson;
import io.scatter.service.JobRequests;
import io.scatter.task.TaskRegistry;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code scatter run}'s flags and {@code POST /jobs}' JSON describe the same job: neither front end can drift. */
final class RequestParityTest {

  private static final JobDefaults DEFAULTS = JobDefaults.from(ScatterConfig.load());
  private static final JobRequests REQUESTS = new JobRequests(DEFAULTS, TaskRegistry.load());

  /** The request {@code scatter run ARGS} would prepare, without running it. */
  private static JobRequest fromFlags(String args) {
    RunCommand run = new RunCommand();
    new CommandLine(run).parseArgs(args.split(" "));
    return run.request(DEFAULTS);
  }

  private static void assertSameJob(Job expected, Job actual) {
    assertEquals(expected.taskRef(), actual.taskRef());
    assertEquals(expected.plan(), actual.plan());
    assertEquals(expected.partitionCount(), actual.partitionCount());
    assertEquals(expected.maxAttempts(), actual.maxAttempts());
    assertEquals(expected.leaseTimeout(), actual.leaseTimeout());
    assertEquals(expected.speculation(), actual.speculation());
    assertEquals(expected.weight(), actual.weight());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "--task spin --range 0..1000 --partitions 7 --param ns=5 --max-attempts 2 --lease-timeout 9s --no-speculation"
          + " | {\"task\": \"spin\", \"range\": \"0..1000\", \"partitions\": 7, \"params\": {\"ns\": 5},"
          + " \"maxAttempts\": 2, \"leaseTimeout\": \"9s\", \"speculation\": false}",
      "--task primes --range 0..1000 --partition-size 64 --weight 3"
          + " | {\"task\": \"primes\", \"range\": {\"from\": 0, \"to\": 1000}, \"partitionSize\": 64, \"weight\": 3}",
      "--task nested-product --param n=20 | {\"task\": \"nested-product\", \"params\": {\"n\": \"20\"}}",
      "--url http://127.0.0.1:9/a --url http://127.0.0.1:9/b --io blocking --batch 1 --concurrency 4 --timeout 3s"
          + " --max-body 2KiB --repeat 5"
          + " | {\"urls\": [\"http://127.0.0.1:9/a\", \"http://127.0.0.1:9/b\"], \"io\": \"blocking\", \"batch\": 1,"
          + " \"concurrency\": 4, \"timeout\": \"3s\", \"maxBody\": \"2KiB\", \"repeat\": 5}",
  })
  void flagsAndJson_prepareTheSameJob(String flags, String json) {
    assertSameJob(REQUESTS.prepare(JobRequestJson.parse(json)), REQUESTS.prepare(fromFlags(flags)));
  }

  @Test
  void fetchJobWithDefaults_getsTheSameIoStyleAndDerivedLeaseBothWays() {
    Job fromFlags = RequestFlags.prepare(REQUESTS, fromFlags("--url http://127.0.0.1:9/"), Optional.empty());
    Job fromJson = REQUESTS.prepare(JobRequestJson.parse("{\"urls\": [\"http://127.0.0.1:9/\"]}"));

    assertSameJob(fromJson, fromFlags);
  }

  /** A refusal names a flag the user can find. */
  @Test
  void everyJsonField_isAFlagOfRun() {
    CommandLine.Model.CommandSpec run = new CommandLine(new RunCommand()).getCommandSpec();
    for (String field : JobRequestJson.fieldNames()) {
      for (String flag : RequestFlags.flag(field).split("/")) {
        assertNotNull(run.findOption(flag), field + ": scatter run has no " + flag);
      }
    }
  }

  @Test
  void flagNames_areTheFieldsInKebabCase() {
    assertEquals("--partition-size", RequestFlags.flag("partitionSize"));
    assertEquals("--lease-timeout", RequestFlags.flag("leaseTimeout"));
    assertEquals("--max-body", RequestFlags.flag("maxBody"));
    assertEquals("--param", RequestFlags.flag("params"));
    assertEquals("--urls/--url", RequestFlags.flag("urls"));
  }
}
