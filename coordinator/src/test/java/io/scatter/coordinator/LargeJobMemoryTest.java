package io.scatter.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.testing.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/** Partitions are cut lazily: ten million of them run with the coordinator in a 256 MB heap. */
@Execution(ExecutionMode.CONCURRENT)
final class LargeJobMemoryTest {

  @TempDir
  Path dir;

  @Test
  void tenMillionPartitionsRunInA256MbHeap() throws Exception {
    try (ChildJvm child = ChildJvm.start(dir, List.of("-Xmx256m"), "run", "--task", "spin", "--param", "ns=0",
        "--range", "0..10000000", "--partitions", "10000000", "--mode", "actors")) {
      int exit = child.waitFor(Duration.ofMinutes(3));
      String output = child.output();
      assertEquals(0, exit, output);
      assertTrue(output.contains("answer: 10000000"), output);
      assertTrue(output.contains("in 10,000,000 partitions"), output);
    }
  }
}
