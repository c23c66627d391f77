package io.scatter.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class ClusterSettingsTest {

  private static Config with(String setting) {
    return ConfigFactory.parseString(setting).withFallback(ScatterConfig.load(Optional.empty()));
  }

  @Test
  void from_jvmOptions_areSplitAtWhitespace() {
    assertEquals(List.of("-Xmx1g", "-XX:+UseZGC"),
        ClusterSettings.from(with("scatter.cluster.jvm-options = \" -Xmx1g  -XX:+UseZGC \"")).jvmOptions());
    assertEquals(List.of(), ClusterSettings.from(with("scatter.cluster.jvm-options = \"  \"")).jvmOptions());
  }

  @Test
  void from_portOutOfRange_namesTheKeyAndTheRule() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> ClusterSettings.from(with("scatter.cluster.coordinator-cluster-port = 70000")));

    assertTrue(refused.getMessage().startsWith("scatter.cluster.coordinator-cluster-port "), refused.getMessage());
    assertTrue(refused.getMessage().endsWith(" must be between 0 and 65535, got 70000"), refused.getMessage());
  }

  @Test
  void from_staleAfterNotLongerThanTheRefresh_namesBothKeys() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> ClusterSettings.from(with("scatter.cluster.status-stale-after = 1s")));

    assertTrue(refused.getMessage().startsWith("scatter.cluster.status-stale-after "), refused.getMessage());
    assertTrue(refused.getMessage().endsWith(" must be longer than scatter.cluster.status-refresh (1000 ms), got 1s"),
        refused.getMessage());
  }
}
