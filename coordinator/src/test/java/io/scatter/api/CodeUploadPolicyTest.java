package io.scatter.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.scatter.code.CoordinatorCode;
import io.scatter.node.PlainTcpExposure;
import io.scatter.node.code.CodeSettings;
import io.scatter.protocol.TaskRef;
import io.scatter.task.TaskRegistry;
import io.scatter.testing.TestConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may ship code: uploads need the token even on loopback, and some clusters refuse uploaded code outright. */
final class CodeUploadPolicyTest {

  @TempDir
  Path dir;

  private final HttpClient client = HttpClient.newHttpClient();

  private Config config(String upload) {
    return TestConfig.load()
        .withValue("scatter.jobs.allow-code-upload", ConfigValueFactory.fromAnyRef(upload))
        .withValue("scatter.jobs.jar-store", ConfigValueFactory.fromAnyRef(dir.resolve("store").toString()));
  }

  private byte[] jar() throws Exception {
    Path jar = dir.resolve("tiny.jar");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
      ZipEntry entry = new ZipEntry("hello.txt");
      entry.setTime(0); // the same bytes however often it is made: an entry's time would change the digest
      zip.putNextEntry(entry);
      zip.write("hello".getBytes());
    }
    return Files.readAllBytes(jar);
  }

  private HttpResponse<String> upload(String upload, boolean plainOffLoopback) throws Exception {
    Config config = config(upload);
    CoordinatorCode code = CoordinatorCode.of(CodeSettings.from(config), plainOffLoopback);
    try (ApiServer api = ApiServer.start(new FakeJobService(), "127.0.0.1", 0, Optional.empty(), config,
        Optional.of(code))) {
      return client.send(HttpRequest.newBuilder(URI.create(api.url() + "/jars"))
          .POST(HttpRequest.BodyPublishers.ofByteArray(jar())).build(), HttpResponse.BodyHandlers.ofString());
    }
  }

  @Test
  void aLoopbackApiWithoutToken_refusesUploadsByDefault_sayingHowToAllowThem() throws Exception {
    HttpResponse<String> response = upload("token", false);

    assertEquals(403, response.statusCode(), response.body());
    assertTrue(response.body().contains("uploading code needs the API's token"), response.body());
    if (Files.exists(dir.resolve("store"))) {
      try (java.util.stream.Stream<Path> stored = Files.list(dir.resolve("store"))) {
        assertEquals(0, stored.count(), "nothing was stored");
      }
    }
  }

  @Test
  void allowCodeUploadLoopback_takesAnUploadWithoutToken_answeringItsDigest() throws Exception {
    HttpResponse<String> response = upload("loopback", false);

    assertEquals(201, response.statusCode(), response.body());
    assertTrue(response.body().contains("\"digest\":\"" + io.scatter.node.code.JarDigest.of(jar()) + "\""),
        response.body());
  }

  @Test
  void uploadsOff_areRefusedWhateverTheCaller() throws Exception {
    HttpResponse<String> response = upload("off", false);

    assertEquals(403, response.statusCode(), response.body());
    assertTrue(response.body().contains("--no-code-upload"), response.body());
  }

  @Test
  void aPlainTcpClusterOffLoopback_refusesUploadsAndJobsOfUploadedCode_inOneLine() throws Exception {
    HttpResponse<String> response = upload("loopback", true);
    CoordinatorCode code = CoordinatorCode.of(CodeSettings.from(config("token")), true);
    String digest = "a".repeat(TaskRef.DIGEST_HEX_LENGTH);

    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> code.tasks(TaskRegistry.load()).bind(new TaskRef("anything", Map.of(), List.of(digest))));

    assertEquals(403, response.statusCode(), response.body());
    assertTrue(refused.getMessage().startsWith("uploaded code is refused on a cluster whose members talk plain TCP off"
        + " loopback"), refused.getMessage());
    assertFalse(refused.getMessage().contains("\n"));
  }

  @Test
  void plainOffLoopback_isTrueOnlyForPlainTcpOnAnotherAddress() {
    Config plain = TestConfig.loadForCluster();

    assertFalse(PlainTcpExposure.plainOffLoopback(plain, "127.0.0.1"));
    assertTrue(PlainTcpExposure.plainOffLoopback(plain, "10.1.2.3"));
    assertFalse(PlainTcpExposure.plainOffLoopback(plain.withValue("scatter.cluster.tls-dir",
        ConfigValueFactory.fromAnyRef(dir.toString())), "10.1.2.3"), "with TLS the cluster's traffic is its own");
  }
}
