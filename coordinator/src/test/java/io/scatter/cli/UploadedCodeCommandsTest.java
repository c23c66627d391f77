package io.scatter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.scatter.api.ApiServer;
import io.scatter.api.TokenAuth;
import io.scatter.code.CoordinatorCode;
import io.scatter.coordinator.ActorRunner;
import io.scatter.node.code.CodeSettings;
import io.scatter.node.code.JarDigest;
import io.scatter.service.RunnerJobService;
import io.scatter.task.TaskRegistry;
import io.scatter.testing.TaskJars;
import io.scatter.testing.TestConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scatter submit --jar} and {@code scatter run --jar} as a user types them: the command line
 * in-process, against a coordinator serving the job API with a token on a free loopback port (its
 * workers in-process actors, which fetch the jar from it as a node does), or as {@code run}'s own.
 * A jar that cannot be read, or that the server refuses, is one line and exit 2, never a stack trace.
 */
@Timeout(120)
final class UploadedCodeCommandsTest {

  private static final String TOKEN = "s3cret-token-for-the-cli";
  private static final String ANSWER = "answer: 1000 numbers, sum 499500";

  @TempDir
  static Path dir;

  private static RunnerJobService service;
  private static ApiServer server;
  private static Path token;
  private static Path jar;
  /** A HOCON file for {@code run}: its store and cache in the test's folder, not the working directory. */
  private static Path runConfig;

  @BeforeAll
  static void start() throws Exception {
    jar = TaskJars.build(dir, "counted-sum", Map.of("demo.CountedSum", """
        package demo;
        import io.scatter.task.RangeTask;
        import io.scatter.task.TaskParams;
        public final class CountedSum implements RangeTask<CountedSum.Tally> {
          public record Tally(long count, long sum) { }
          @Override public String name() { return "counted-sum"; }
          @Override public String description() { return "how many numbers, and their sum"; }
          @Override public Tally identity() { return new Tally(0, 0); }
          @Override public Tally compute(TaskParams params, long from, long to) {
            long sum = 0;
            for (long n = from; n < to; n++) {
              sum += n;
            }
            return new Tally(to - from, sum);
          }
          @Override public Tally combine(Tally left, Tally right) {
            return new Tally(left.count() + right.count(), left.sum() + right.sum());
          }
          @Override public String render(Tally tally) { return tally.count() + " numbers, sum " + tally.sum(); }
          @Override public java.util.List<Class<?>> resultTypes() { return java.util.List.of(Tally.class); }
        }
        """), List.of("demo.CountedSum"));
    Config config = TestConfig.load()
        .withValue("scatter.jobs.jar-store", ConfigValueFactory.fromAnyRef(dir.resolve("server-store").toString()))
        .withValue("scatter.jobs.jar-cache", ConfigValueFactory.fromAnyRef(dir.resolve("server-cache").toString()));
    CoordinatorCode code = CoordinatorCode.of(CodeSettings.from(config), false);
    TaskRegistry registry = code.tasks(TaskRegistry.load());
    service = RunnerJobService.open(new ActorRunner(config, 2, registry), config, registry);
    token = Files.writeString(dir.resolve("token"), TOKEN);
    Files.setPosixFilePermissions(token, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    server = ApiServer.start(service, "127.0.0.1", 0, Optional.of(TokenAuth.fromFile(token)), config,
        Optional.of(code));
    runConfig = Files.writeString(dir.resolve("run.conf"), "scatter.jobs.jar-store = \"" + dir.resolve("run-store")
        + "\"\nscatter.jobs.jar-cache = \"" + dir.resolve("run-cache") + "\"\n");
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (service != null) {
      service.close();
    }
  }

  private static Cli submit(String... flags) {
    List<String> args = new java.util.ArrayList<>(List.of("submit", "--to", server.url(), "--task", "counted-sum",
        "--range", "0..1000", "--partitions", "4", "--no-progress"));
    args.addAll(List.of(flags));
    return Cli.run(args.toArray(String[]::new));
  }

  private static Cli run(String... flags) {
    List<String> args = new java.util.ArrayList<>(List.of("run", "--config", runConfig.toString(), "--task",
        "counted-sum", "--range", "0..1000", "--partitions", "4", "--mode", "actors", "--workers", "2",
        "--no-progress"));
    args.addAll(List.of(flags));
    return Cli.run(args.toArray(String[]::new));
  }

  /** Exit 2, and stderr one line that says {@code expected}, no stack trace. */
  private static void assertRefusedInOneLine(Cli cli, String expected) {
    assertEquals(2, cli.exitCode(), cli.out() + cli.err());
    assertEquals(1, cli.errLines().size(), cli.err());
    assertTrue(cli.err().contains(expected), cli.err());
    assertFalse(cli.err().contains("Exception") || cli.err().contains("\tat "), cli.err());
  }

  @Test
  void submitWithAJar_uploadsIt_andTheJobRunsItsTask() throws Exception {
    Cli cli = submit("--token-file", token.toString(), "--jar", jar.toString());

    assertEquals(0, cli.exitCode(), cli.err());
    assertTrue(cli.out().contains(ANSWER + "\n"), cli.out());
    assertTrue(Files.isRegularFile(dir.resolve("server-store").resolve(JarDigest.of(jar) + ".jar")),
        "the coordinator stored the jar by its digest");
  }

  @Test
  void runWithAJar_runsItsTaskInItsOwnCoordinator() throws Exception {
    Cli cli = run("--jar", jar.toString());

    assertEquals(0, cli.exitCode(), cli.err());
    assertTrue(cli.out().contains(ANSWER), cli.out());
    assertTrue(Files.isRegularFile(dir.resolve("run-store").resolve(JarDigest.of(jar) + ".jar")));
  }

  @Test
  void submitAndRun_ofAJarThatIsNoFile_areOneLineExitTwo() {
    Path missing = dir.resolve("no-such.jar");

    assertRefusedInOneLine(submit("--token-file", token.toString(), "--jar", missing.toString()),
        "--jar " + missing + ": no such file");
    assertRefusedInOneLine(run("--jar", missing.toString()), "--jar " + missing + ": no such file");
  }

  @Test
  void submitAndRun_ofAJarThatCannotBeRead_areOneLineExitTwo() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("a-folder.jar"));

    assertRefusedInOneLine(submit("--token-file", token.toString(), "--jar", folder.toString()),
        "--jar " + folder + ": ");
    assertRefusedInOneLine(run("--jar", folder.toString()), "--jar " + folder + ": ");
  }

  @Test
  void submitAndRun_ofAFileThatIsNotAJar_areTheRefusalInOneLineExitTwo() throws Exception {
    Path text = Files.writeString(dir.resolve("notes.jar"), "not a zip at all\n");

    assertRefusedInOneLine(submit("--token-file", token.toString(), "--jar", text.toString()),
        "the upload is not a jar");
    assertRefusedInOneLine(run("--jar", text.toString()), "the upload is not a jar");
  }

  @Test
  void submitOfAJarWithoutTheToken_isTheServersRefusalInOneLineExitTwo() {
    Cli cli = submit("--jar", jar.toString());

    assertRefusedInOneLine(cli, "token");
  }
}
