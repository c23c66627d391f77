package io.scatter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's training run loads what the commands people run most need, and leaves nothing behind. */
final class ClassDataTrainingTest {

  @TempDir
  Path dir;

  @Test
  void loadsTheClassesOfAJobTheLocalClusterCommandsAndTheApiClient_andLeavesNoFiles() throws Exception {
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    Path loaded = dir.resolve("loaded.txt");
    Process training = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-Djava.io.tmpdir=" + tmp, "-Xlog:class+load=info:file=" + loaded,
        "-cp", System.getProperty("java.class.path"), ClassDataTraining.class.getName())
        .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
    assertTrue(training.waitFor(2, TimeUnit.MINUTES), "the training run ends");
    assertEquals(0, training.exitValue(), Files.readString(dir.resolve("out.txt")));

    String classes = Files.readString(loaded);
    for (String name : List.of("io.scatter.cli.RunCommand", "io.scatter.coordinator.ActorRunner",
        "io.scatter.localcluster.NodeStopper", "io.scatter.localcluster.LocalCluster$Node",
        "com.fasterxml.jackson.databind.ObjectMapper", "io.scatter.cli.ApiClient", "io.scatter.cli.SubmitCommand")) {
      assertTrue(classes.contains(" " + name + " "), name + " is loaded by the training run");
    }
    try (Stream<Path> left = Files.list(tmp)) {
      assertEquals(List.of(), left.toList(), "its state folder is gone");
    }
  }
}
