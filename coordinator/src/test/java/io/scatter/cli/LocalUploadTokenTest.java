package io.scatter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.scatter.api.ApiServer;
import io.scatter.api.TokenAuth;
import io.scatter.code.CoordinatorCode;
import io.scatter.coordinator.ActorRunner;
import io.scatter.localcluster.CoordinatorLauncher;
import io.scatter.localcluster.LocalCluster;
import io.scatter.node.code.CodeSettings;
import io.scatter.service.RunnerJobService;
import io.scatter.task.TaskRegistry;
import io.scatter.testing.TaskJars;
import io.scatter.testing.TestConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator {@code cluster up} starts serves its API without a token, and takes uploads only
 * with the upload token it keeps in the state folder (mode 600), which {@code submit} sends to it:
 * its owner ships code with no flag, another user of the machine cannot. Here the coordinator runs
 * in this JVM, recorded in a state folder's {@code cluster.json} as {@code cluster up} records it.
 */
@Timeout(120)
final class LocalUploadTokenTest {

  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir
  static Path dir;

  private static Path state;
  private static Path cliConfig;
  private static Path jar;
  private static RunnerJobService service;
  private static ApiServer server;

  @BeforeAll
  static void start() throws Exception {
    jar = TaskJars.count(dir);
    state = Files.createDirectories(dir.resolve("state"));
    Config config = TestConfig.load()
        .withValue("scatter.jobs.jar-store", ConfigValueFactory.fromAnyRef(dir.resolve("store").toString()));
    CoordinatorCode code = CoordinatorCode.of(CodeSettings.from(config), false);
    TaskRegistry registry = code.tasks(TaskRegistry.load());
    service = RunnerJobService.open(new ActorRunner(config, 2, registry), config, registry);
    Path token = CoordinatorLauncher.uploadToken(state); // as cluster up makes it
    server = ApiServer.start(service, "127.0.0.1", 0, Optional.empty(), config,
        Optional.of(code.withUploadToken(TokenAuth.fromFile(token))));
    ProcessHandle self = ProcessHandle.current();
    LocalCluster recorded = new LocalCluster("upload-token", List.of(), false, new LocalCluster.Coordinator(
        LocalCluster.Coordinator.NAME, self.pid(), self.info().startInstant().orElseThrow().toEpochMilli(),
        server.url(), dir.resolve("coordinator.log").toString(), null), false);
    new ObjectMapper().writeValue(state.resolve("cluster.json").toFile(), recorded);
    cliConfig = Files.writeString(dir.resolve("cli.conf"), "scatter.cluster.state-dir = \"" + state + "\"\n");
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

  @Test
  void submitWithAJar_toTheLocalClustersCoordinator_sendsTheStateFoldersUploadToken() {
    Cli cli = Cli.run("submit", "--config", cliConfig.toString(), "--jar", jar.toString(), "--task", "count",
        "--range", "0..1000", "--partitions", "4", "--no-progress");

    assertEquals(0, cli.exitCode(), cli.err());
    assertTrue(cli.out().contains("answer: 1000\n"), cli.out());
  }

  @Test
  void anUploadWithoutTheUploadToken_is401_whileTheRestOfTheApiNeedsNone() throws Exception {
    HttpResponse<String> upload = CLIENT.send(HttpRequest.newBuilder(URI.create(server.url() + "/jars"))
        .POST(HttpRequest.BodyPublishers.ofFile(jar)).build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> jobs = CLIENT.send(HttpRequest.newBuilder(URI.create(server.url() + "/jobs")).GET().build(),
        HttpResponse.BodyHandlers.ofString());

    assertEquals(401, upload.statusCode(), upload.body());
    assertTrue(upload.body().contains("upload token"), upload.body());
    assertEquals(200, jobs.statusCode(), jobs.body());
  }

  @Test
  void theUploadToken_isReadableByItsOwnerOnly_andKeptAcrossStarts() throws Exception {
    Path token = CoordinatorLauncher.uploadTokenFile(state);
    String first = TokenAuth.read(token);

    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(token)));
    assertTrue(first.length() >= 32, "a random token of 256 bits");
    assertEquals(token, CoordinatorLauncher.uploadToken(state));
    assertEquals(first, TokenAuth.read(token), "a restarted coordinator takes the same token");
  }

  @Test
  void coordinatorWithBothTokenFiles_isRefusedInOneLine() throws Exception {
    Path apiToken = Files.writeString(dir.resolve("api-token"), "an-api-token-of-some-length\n");
    Files.setPosixFilePermissions(apiToken, PosixFilePermissions.fromString("rw-------"));

    Cli cli = Cli.run("coordinator", "--http", "127.0.0.1:0", "--token-file", apiToken.toString(),
        "--upload-token-file", CoordinatorLauncher.uploadTokenFile(state).toString());

    assertEquals(2, cli.exitCode(), cli.out() + cli.err());
    assertEquals(1, cli.errLines().size(), cli.err());
    assertTrue(cli.err().contains("--upload-token-file is for an API without --token-file"), cli.err());
  }
}
