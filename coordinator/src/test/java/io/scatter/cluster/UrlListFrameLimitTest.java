package io.scatter.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.scatter.testing.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Regression: {@code -Dscatter.fetch.max-url-list-cluster=8MiB} let a 1.4 MB URL list through to
 * cluster mode, Artery dropped the 1.4 MB offer ({@code OversizedPayloadException}) and the job
 * hung until killed. A limit larger than a frame is now refused before anything starts.
 */
@Execution(ExecutionMode.CONCURRENT)
final class UrlListFrameLimitTest {

  private static final List<String> LIMIT_8_MIB = List.of("-Xmx256m", "-Dscatter.fetch.max-url-list-cluster=8MiB");
  private static final String REFUSAL = "scatter.fetch.max-url-list-cluster = 8,388,608 bytes is more than one cluster "
      + "message carries: pekko.remote.artery.advanced.maximum-frame-size = 1,048,576 bytes, less 8,192 for the "
      + "envelope, leaves 1,040,384; lower the first or raise the second (on every node)";

  @TempDir
  Path dir;

  private Path urls;

  @BeforeEach
  void writeUrlList() throws Exception {
    // 20,000 URLs of 69 characters and a newline: 1.4 MB, more than a 1 MiB frame.
    urls = dir.resolve("urls.txt");
    Files.write(urls, IntStream.range(0, 20_000)
        .mapToObj(i -> String.format(Locale.ROOT, "http://127.0.0.1:9/a/rather/long/path/to/one/of/many/items?n=%08d", i))
        .toList(), StandardCharsets.UTF_8);
    assertEquals(1_400_000, Files.size(urls));
  }

  /** Exit code and output of a child JVM that must end by itself; the timeout only guards against a hang. */
  private String refused(List<String> jvmOptions, String... args) throws Exception {
    try (ChildJvm child = ChildJvm.start(dir, jvmOptions, args)) {
      assertEquals(2, child.waitFor(Duration.ofSeconds(60)), child.output());
      return child.output();
    }
  }

  /** Nothing but the URL list and the child's own log: no cluster state, no node started. */
  private void assertNothingElseWritten() throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      Set<String> names = files.map(path -> path.getFileName().toString()).collect(Collectors.toSet());
      assertEquals(Set.of("urls.txt"), names.stream().filter(name -> !name.startsWith("child-"))
          .collect(Collectors.toSet()), "files in the working folder: " + names);
    }
  }

  @Test
  void runInClusterModeWithAListLimitLargerThanAFrame_isRefusedAtStartNamingBothSettings() throws Exception {
    String output = refused(LIMIT_8_MIB, "run", "--mode", "cluster", "--urls", urls.toString());

    assertEquals(List.of("scatter run: " + REFUSAL), output.lines().filter(line -> !line.isBlank()).toList());
    assertNothingElseWritten();
  }

  @Test
  void compareWithAClusterRowAndAListLimitLargerThanAFrame_isRefusedBeforeAnyRowRuns() throws Exception {
    String output = refused(LIMIT_8_MIB, "compare", "--modes", "sequential,cluster", "--urls", urls.toString());

    assertEquals(List.of("scatter compare: " + REFUSAL), output.lines().filter(line -> !line.isBlank()).toList());
    assertNothingElseWritten();
  }

  @Test
  void theSameListWithTheShippedLimit_isRefusedNamingTheListsSize() throws Exception {
    String output = refused(List.of("-Xmx256m"), "run", "--mode", "cluster", "--urls", urls.toString());

    assertEquals(List.of("scatter run: the URL list is 1,399,999 bytes; cluster mode sends it to every worker in one "
            + "message of at most 524,288 bytes (scatter.fetch.max-url-list-cluster): split the list or use --repeat"),
        output.lines().filter(line -> !line.isBlank()).toList());
    assertNothingElseWritten();
  }
}
