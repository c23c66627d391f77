package io.scatter.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class NodeSettingsTest {

  @TempDir
  Path dir;

  private Config file(String text) throws Exception {
    return ScatterConfig.loadForCluster(Optional.of(Files.writeString(dir.resolve("node.conf"), text)));
  }

  @Test
  void from_maxBackoffBelowTheBackoff_namesBothKeysAndWhereItWasSet() throws Exception {
    Path conf = dir.resolve("node.conf");
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> NodeSettings.from(file("scatter.node.rejoin-backoff = 5s\nscatter.node.rejoin-max-backoff = 2s\n")));

    assertEquals("scatter.node.rejoin-max-backoff in " + conf + ":2 must be at least scatter.node.rejoin-backoff "
        + "(5000 ms), got 2s", refused.getMessage());
  }

  @Test
  void from_negativeDrain_isRefused() throws Exception {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> NodeSettings.from(file("scatter.node.drain = -1s\n")));

    assertEquals("scatter.node.drain in " + dir.resolve("node.conf") + ":1 must not be negative, got -1s",
        refused.getMessage());
  }
}
