package io.scatter.coordinator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigValueFactory;
import io.scatter.node.code.JarDigest;
import io.scatter.protocol.JarCommand;
import io.scatter.testing.Eventually;
import io.scatter.testing.TestConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job's jar server serves its jars in chunks and, while the job runs, keeps them marked used in the store. */
final class JarServerTest {

  /** Short, so the marks come four times a second here. */
  private static final String STORE_IDLE = "1s";
  private static final Duration WITHIN = Duration.ofSeconds(10);
  private static final FileTime LONG_AGO = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));

  private static final ActorTestKit TESTKIT = ActorTestKit.create(TestConfig.load()
      .withValue("scatter.jobs.jar-store-idle", ConfigValueFactory.fromAnyRef(STORE_IDLE)));

  @TempDir
  Path dir;

  @AfterAll
  static void shutdown() {
    TESTKIT.shutdownTestKit();
  }

  @Test
  void aRunningJobsJars_areMarkedUsedWhenItStarts_andAgainWhileItRuns() throws Exception {
    Path jar = Files.writeString(dir.resolve("abc.jar"), "the jar's bytes");
    Files.setLastModifiedTime(jar, LONG_AGO);

    TESTKIT.spawn(JarServer.create(Map.of("abc", jar), 4));

    Eventually.await(WITHIN, () -> "the jar marked used at start", () ->
        Files.getLastModifiedTime(jar).compareTo(LONG_AGO) > 0);
    Files.setLastModifiedTime(jar, LONG_AGO);
    Eventually.await(WITHIN, () -> "the jar marked used again while the job runs", () ->
        Files.getLastModifiedTime(jar).compareTo(LONG_AGO) > 0);
  }

  @Test
  void aFetch_getsTheJarInChunks_andAJarOfAnotherJobIsRefused() throws Exception {
    byte[] bytes = "0123456789".getBytes(StandardCharsets.UTF_8);
    String digest = JarDigest.of(bytes);
    String other = JarDigest.of("another job's jar".getBytes(StandardCharsets.UTF_8));
    Path jar = Files.write(dir.resolve(digest + ".jar"), bytes);
    ActorRef<JarCommand> server = TESTKIT.spawn(JarServer.create(Map.of(digest, jar), 4));
    TestProbe<JarCommand.JarChunk> probe = TESTKIT.createTestProbe();

    server.tell(new JarCommand.Fetch(digest, 8, probe.getRef()));
    JarCommand.JarChunk last = probe.expectMessageClass(JarCommand.JarChunk.class);
    server.tell(new JarCommand.Fetch(other, 0, probe.getRef()));
    JarCommand.JarChunk refused = probe.expectMessageClass(JarCommand.JarChunk.class);

    assertEquals(10, last.size());
    assertArrayEquals("89".getBytes(StandardCharsets.UTF_8), last.bytes());
    assertEquals("this job's coordinator has no jar " + other, refused.error());
  }
}
