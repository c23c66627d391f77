package io.scatter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.api.FakeJobService;
import io.scatter.testing.Eventually;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code scatter coordinator} with an in-memory job service: what it refuses before starting
 * anything, and serving until it is stopped. (Not yet among Scatter's subcommands: each test adds
 * it to the command tree with its test double, and runs it through Scatter's own handlers.)
 */
final class CoordinatorServerCommandTest {

  private static final Pattern SERVING = Pattern.compile("serving the job API on (http://\\S+?)[; ]");

  @TempDir
  Path dir;

  private final FakeJobService service = new FakeJobService();
  private final AtomicInteger opened = new AtomicInteger();

  private Cli run(StringWriter out, String... args) {
    StringWriter err = new StringWriter();
    CoordinatorServerCommand.ServiceFactory fake = (config, cluster) -> {
      opened.incrementAndGet();
      return service;
    };
    // The real command, built with the fake service instead of one that joins a cluster.
    CommandLine.IFactory factory = new CommandLine.IFactory() {
      @Override
      @SuppressWarnings("unchecked")
      public <K> K create(Class<K> type) throws Exception {
        return type == CoordinatorServerCommand.class ? (K) new CoordinatorServerCommand(fake)
            : CommandLine.defaultFactory().create(type);
      }
    };
    CommandLine cli = Scatter.tree(factory, args);
    int code = Scatter.execute(cli, new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Cli(code, out.toString(), err.toString());
  }

  @Test
  void notLoopbackWithoutTokenFile_exits2WithOneLine_startingNothing() {
    Cli cli = run(new StringWriter(), "coordinator", "--http", "0.0.0.0:0");

    assertEquals(ExitCodes.BAD_INPUT, cli.exitCode());
    assertEquals(1, cli.errLines().size(), cli.err());
    assertTrue(cli.errLines().get(0).startsWith("scatter coordinator: refusing to serve the API on 0.0.0.0"), cli.err());
    assertTrue(cli.errLines().get(0).contains("--token-file FILE"), cli.err());
    assertEquals(0, opened.get());
  }

  @Test
  void unreadableTokenFile_exits2NamingIt() {
    Cli cli = run(new StringWriter(), "coordinator", "--http", "127.0.0.1:0", "--token-file", dir.resolve("nope")
        .toString());

    assertEquals(ExitCodes.BAD_INPUT, cli.exitCode());
    assertEquals(List.of("scatter coordinator: cannot read the token file " + dir.resolve("nope") + ": no such file"),
        cli.errLines());
    assertEquals(0, opened.get());
  }

  @Test
  void help_showsTheConfiguredAddress() {
    StringWriter out = new StringWriter();
    Cli cli = run(out, "coordinator", "--help");

    assertEquals(ExitCodes.OK, cli.exitCode());
    assertTrue(cli.out().contains("(default: 127.0.0.1:8080)"), cli.out());
  }

  @Test
  void badHttpAddress_exits2NamingTheFlag() {
    Cli cli = run(new StringWriter(), "coordinator", "--http", "127.0.0.1:99999");

    assertEquals(ExitCodes.BAD_INPUT, cli.exitCode());
    assertEquals(List.of("scatter coordinator: --http '127.0.0.1:99999': the port must be between 0 and 65535, "
        + "got 99999"), cli.errLines());
  }

  @Test
  void serves_theJobApiUntilStopped_thenClosesTheService() throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "s3cret\n");
    Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-r--r--"));
    StringWriter out = new StringWriter();
    Cli[] result = new Cli[1];
    Thread command = new Thread(() -> result[0] = run(out, "coordinator", "--http", "127.0.0.1:0",
        "--token-file", token.toString()), "coordinator-under-test");
    command.start();
    try {
      String url = awaitServing(out, command);
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(url + "/jobs")).timeout(Duration.ofSeconds(10))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"task\":\"primes\",\"range\":\"0..100\"}"));

      assertEquals(401, client.send(post.build(), HttpResponse.BodyHandlers.ofString()).statusCode());
      HttpResponse<String> created = client.send(post.header("Authorization", "Bearer s3cret").build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(201, created.statusCode(), created.body());
      assertEquals(1, service.submitted().size());
    } finally {
      command.interrupt();
      command.join(Duration.ofSeconds(30).toMillis());
    }
    assertFalse(command.isAlive());
    assertEquals(ExitCodes.OK, result[0].exitCode(), result[0].err());
    assertTrue(result[0].out().contains("(bearer token required)"), result[0].out());
    assertTrue(result[0].out().strip().endsWith("stopped"), result[0].out());
    // Warned about at start, in one line, and served all the same.
    assertEquals(List.of("scatter coordinator: warning: the token file " + token + " is open to group or others "
        + "(mode 0644; chmod 600 it) and holds a token of 6 characters (use 16 or more, e.g. from 'openssl rand -hex 32')"),
        result[0].errLines());
    assertEquals(1, opened.get());
    assertTrue(service.closed());
  }

  /** The URL the command printed once it listens. */
  private static String awaitServing(StringWriter out, Thread command) throws InterruptedException {
    return Eventually.awaitFound(Duration.ofSeconds(30), () -> "the command to say it serves; it printed: " + out, () -> {
      Matcher serving = SERVING.matcher(out.toString());
      if (serving.find()) {
        return Optional.of(serving.group(1));
      }
      assertTrue(command.isAlive(), "the command ended without saying it serves; it printed: " + out);
      return Optional.empty();
    });
  }
}
