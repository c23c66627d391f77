package io.scatter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import io.scatter.api.ApiServer;
import io.scatter.api.TokenAuth;
import io.scatter.coordinator.ActorRunner;
import io.scatter.service.JobHandle;
import io.scatter.service.JobRequest;
import io.scatter.service.RunnerJobService;
import io.scatter.task.TaskRegistry;
import io.scatter.testing.ChildJvm;
import io.scatter.testing.TestConfig;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code submit}, {@code jobs}, {@code nodes} and {@code cancel} as a user runs them, against a real job API: HTTP
 * on loopback, the real job service and in-process worker actors, as {@code scatter coordinator}
 * serves them.
 */
@Timeout(120)
final class JobApiCommandsTest {

  private RunnerJobService service;
  private ApiServer server;
  private String url;

  @BeforeEach
  void start() throws Exception {
    Config config = TestConfig.load();
    TaskRegistry registry = TaskRegistry.load();
    service = RunnerJobService.open(new ActorRunner(config, 2, registry), config, registry);
    server = ApiServer.start(service, "127.0.0.1", 0, Optional.empty(), config);
    url = server.url();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (service != null) {
      service.close();
    }
  }

  @Test
  void submitPrintsTheAnswerAndSummaryAndExitsZero() {
    Cli cli = Cli.run("submit", "--to", url, "--task", "primes", "--range", "0..100000", "--partitions", "8",
        "--no-progress");

    assertEquals(0, cli.exitCode(), cli.err());
    assertTrue(cli.out().contains("answer: 9592\n"), cli.out());
    assertTrue(cli.out().contains(" SUCCEEDED in "), cli.out());
    assertTrue(cli.out().contains("8 of 8 partitions done, 0 retries"), cli.out());
  }

  @Test
  void submitOfAJobThatFailsExitsOneWithItsError() {
    Cli cli = Cli.run("submit", "--to", url, "--task", "test-always-fails", "--param", "at=5", "--range", "0..10",
        "--partitions", "2", "--max-attempts", "1", "--no-progress");

    assertEquals(1, cli.exitCode(), cli.err());
    assertEquals(1, cli.errLines().size(), cli.err());
    assertTrue(cli.err().startsWith("scatter submit: job ") && cli.err().contains(" failed: "), cli.err());
    assertTrue(cli.err().contains("boom at 5"), cli.err());
  }

  @Test
  void submitWithABadValueGetsTheServicesRefusalNamingTheFlagAndExitsTwo() {
    Cli cli = Cli.run("submit", "--to", url, "--task", "primes", "--range", "0..10", "--partitions", "0");

    assertEquals(2, cli.exitCode(), cli.err());
    assertEquals(List.of("scatter submit: --partitions must be at least 1, got 0"), cli.errLines());
    assertEquals(List.of(), service.list(10), "nothing was submitted");
  }

  /** What the service cannot serve: its 400 as one line, the field named as the flag, exit 2, no job. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "--task primes --range 0..10 --partitions 1000000000000 | scatter submit: --partitions 1000000000000 is more than the 10 numbers in range 0..10: give at most 10",
      "--task primes --range 0..10 --weight 1001              | scatter submit: --weight must be a number from 1 to 1000 (a share against other jobs; 1 is the default), got 1001",
      "--url http://127.0.0.1:9/ --repeat 100000000000        | scatter submit: --repeat 100,000,000,000 times 1 URL is 100,000,000,000 fetches; a fetch job's answer keeps a result per URL in the coordinator's memory, so a job may fetch at most 1,000,000 (scatter.fetch.max-urls)",
  })
  void submitOfWhatTheServiceCannotServeIsItsRefusalInOneLine(String flags, String expected) {
    List<String> args = new ArrayList<>(List.of("submit", "--to", url));
    args.addAll(List.of(flags.trim().split("\\s+")));
    Cli cli = Cli.run(args.toArray(String[]::new));

    assertEquals(2, cli.exitCode(), cli.err());
    assertEquals(List.of(expected), cli.errLines());
    assertEquals(List.of(), service.list(10), "nothing was submitted");
  }

  /** Refused before anything is sent: the service has no job afterwards. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "submit --to ftp://127.0.0.1:1 --task primes --range 0..10 | scatter submit: --to must be an http:// or https:// URL",
      "submit --to http://[nope --task primes --range 0..10      | scatter submit: --to 'http://[nope' is not a URL",
      "submit --task primes --range 0..10 --workers 2            | scatter submit: Unknown options: '--workers'",
      "submit --url http://127.0.0.1:9/ --keep-bodies bodies     | scatter submit: --keep-bodies is for the command line only",
      "submit --task primes --range 0..10 --batch 5              | are for fetch jobs: give --urls FILE or --url URL",
      "jobs --token-file /nonexistent/token                      | scatter jobs: --token-file: cannot read the token file",
      "cancel ../jobs                                            | scatter cancel: '../jobs' is not a job id",
  })
  void badInputIsRefusedInOneLineBeforeAnythingIsSent(String commandLine, String expected) {
    List<String> args = new ArrayList<>(List.of(commandLine.trim().split("\\s+")));
    if (!args.contains("--to")) {
      args.addAll(List.of("--to", url));
    }
    Cli cli = Cli.run(args.toArray(String[]::new));

    assertEquals(2, cli.exitCode(), cli.err());
    assertEquals(1, cli.errLines().size(), cli.err());
    assertTrue(cli.err().contains(expected), "expected '" + expected + "' in: " + cli.err());
    assertEquals(List.of(), service.list(10), "nothing was submitted");
  }

  @Test
  void submitOfAnUnknownTaskIsRefusedInOneLine() {
    Cli cli = Cli.run("submit", "--to", url, "--task", "nope", "--range", "0..10");

    assertEquals(2, cli.exitCode(), cli.err());
    assertEquals(1, cli.errLines().size(), cli.err());
    assertTrue(cli.err().contains("unknown task 'nope'"), cli.err());
  }

  @Test
  void submitToAClosedPortSaysNoJobApiThereInOneLine() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Cli cli = Cli.run("submit", "--to", "http://127.0.0.1:" + port, "--task", "primes", "--range", "0..10");

    assertEquals(1, cli.exitCode(), cli.err());
    assertEquals(List.of("scatter submit: no job API at http://127.0.0.1:" + port
        + " (is 'scatter coordinator' running?)"), cli.errLines());
  }

  /** A real child JVM and a real SIGINT, as a user's Ctrl-C: the job is cancelled before the client exits. */
  @Test
  void ctrlCDuringSubmitCancelsTheJobAndExits130(@TempDir Path dir) throws Exception {
    try (ChildJvm child = ChildJvm.start(dir, List.of(), "submit", "--to", url, "--task", "test-sleep",
        "--param", "ms=20", "--range", "0..2000", "--partitions", "2000", "--no-progress")) {
      child.awaitOutput("job "); // the job exists and the hook is in place
      String id = service.list(1).get(0).id();
      assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start().waitFor());

      assertEquals(130, child.waitFor(Duration.ofSeconds(60)), child.output());
      assertEquals("CANCELLED", service.get(id).orElseThrow().state().name(), child.output());
      assertTrue(child.output().contains("scatter submit: cancelled job " + id + ": CANCELLED"), child.output());
    }
  }

  @Test
  void jobsListsTheSubmittedJobsNewestFirst() {
    assertEquals(0, Cli.run("submit", "--to", url, "--task", "primes", "--range", "0..100000", "--no-progress")
        .exitCode());
    assertEquals(0, Cli.run("submit", "--to", url, "--task", "primes", "--range", "0..1000", "--partitions", "4",
        "--no-progress").exitCode());

    Cli cli = Cli.run("jobs", "--to", url);

    assertEquals(0, cli.exitCode(), cli.err());
    List<String> lines = cli.out().lines().toList();
    assertEquals(3, lines.size(), cli.out());
    assertTrue(lines.get(0).startsWith("ID "), cli.out());
    assertTrue(lines.get(1).matches("\\S+ +SUCCEEDED +primes +4/4 +168"), lines.get(1));
    assertTrue(lines.get(2).matches("\\S+ +SUCCEEDED +primes +\\d+/\\d+ +9592"), lines.get(2));
  }

  @Test
  void jobsWithALimitOverTheMaximumIsRefusedNamingTheFlag() {
    Cli cli = Cli.run("jobs", "--to", url, "--limit", "100000");

    assertEquals(2, cli.exitCode(), cli.err());
    assertEquals(1, cli.errLines().size(), cli.err());
    assertTrue(cli.err().startsWith("scatter jobs: --limit must be a whole number between 1 and "), cli.err());
  }

  @Test
  void nodesShowsTheOneInProcessNodeWithBothWorkersServingTheRunningJob() {
    JobHandle slow = service.submit(JobRequest.builder().task("test-sleep").range("0..2000").partitions(2000L)
        .params(Map.of("ms", "20")).build());

    Cli cli = Cli.run("nodes", "--to", url);
    service.cancel(slow.id());

    assertEquals(0, cli.exitCode(), cli.err());
    List<String> lines = cli.out().lines().toList();
    assertEquals(3, lines.size(), cli.out());
    assertTrue(lines.get(0).matches("NODE +ADDRESS +ROLES +STATUS +WORKER +LEASED +JOBS"), lines.get(0));
    String job = java.util.regex.Pattern.quote(slow.id()) + " \\((\\d+)\\)";
    assertTrue(lines.get(1).matches("\\(this\\) +in-process +coordinator,worker +up +worker-1 +\\d+ +" + job),
        cli.out());
    assertTrue(lines.get(2).matches(" +worker-2 +\\d+ +" + job), cli.out());
  }

  @Test
  void cancelOfARunningJobPrintsItCancelled() throws Exception {
    JobHandle slow = service.submit(JobRequest.builder().task("test-sleep").range("0..2000").partitions(2000L)
        .params(Map.of("ms", "20")).build());

    Cli cli = Cli.run("cancel", slow.id(), "--to", url);

    assertEquals(0, cli.exitCode(), cli.err());
    assertTrue(cli.out().startsWith("job " + slow.id() + " CANCELLED, "), cli.out());
    assertEquals("CANCELLED", service.get(slow.id()).orElseThrow().state().name());
  }

  @Test
  void cancelOfAnUnknownJobSaysSoAndExitsTwo() {
    Cli cli = Cli.run("cancel", "9-nope", "--to", url);

    assertEquals(2, cli.exitCode(), cli.err());
    assertEquals(1, cli.errLines().size(), cli.err());
    assertTrue(cli.err().startsWith("scatter cancel: ") && cli.err().contains("9-nope"), cli.err());
  }

  @Test
  void aTokenFileIsSentAsABearerToken(@TempDir Path dir) throws Exception {
    server.close();
    Path token = Files.writeString(dir.resolve("token"), "s3cret-token\n");
    server = ApiServer.start(service, "127.0.0.1", 0, Optional.of(TokenAuth.fromFile(token)), TestConfig.load());
    url = server.url();

    Cli without = Cli.run("jobs", "--to", url);
    Cli with = Cli.run("jobs", "--to", url, "--token-file", token.toString());

    assertEquals(2, without.exitCode(), without.err());
    assertEquals(1, without.errLines().size(), without.err());
    assertEquals(0, with.exitCode(), with.err());
    assertEquals("no jobs\n", with.out());
    assertFalse(with.err().contains("s3cret"), with.err());
  }

  /** A client's token file is checked as the server's is: a warning on stderr, and the command goes on. */
  @Test
  void aWeakTokenFileIsWarnedAboutInOneLineAndStillSent(@TempDir Path dir) throws Exception {
    server.close();
    Path token = Files.writeString(dir.resolve("token"), "s3cret-token\n");
    Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-r--r--"));
    server = ApiServer.start(service, "127.0.0.1", 0, Optional.of(TokenAuth.fromFile(token)), TestConfig.load());

    Cli cli = Cli.run("jobs", "--to", server.url(), "--token-file", token.toString());

    assertEquals(0, cli.exitCode(), cli.err());
    assertEquals("no jobs\n", cli.out());
    assertEquals(List.of("scatter jobs: warning: the token file " + token + " is open to group or others (mode 0644; "
        + "chmod 600 it) and holds a token of 12 characters (use 16 or more, e.g. from 'openssl rand -hex 32')"),
        cli.errLines());
  }
}
