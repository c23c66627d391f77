package io.scatter.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.scatter.testing.TestConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

final class CoordinatorSettingsTest {

  @Test
  void from_testConfiguration_takesItsShortTimers() {
    CoordinatorSettings settings = CoordinatorSettings.from(TestConfig.load());

    assertEquals(Duration.ofMillis(20), settings.leaseCheckInterval());
    assertEquals(Duration.ofSeconds(3), settings.workerWait());
  }

  @Test
  void from_zeroLeaseCheckInterval_failsNamingTheKey() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> CoordinatorSettings.from(
        ConfigFactory.parseString("scatter.coordinator.lease-check-interval = 0s").withFallback(TestConfig.load())));

    assertTrue(refused.getMessage().startsWith("scatter.coordinator.lease-check-interval "), refused.getMessage());
    assertTrue(refused.getMessage().endsWith(" must be positive, got 0s"), refused.getMessage());
  }

  @Test
  void from_negativeMaxEvents_failsNamingTheKey() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> CoordinatorSettings.from(
        ConfigFactory.parseString("scatter.coordinator.max-events = -1").withFallback(TestConfig.load())));

    assertTrue(refused.getMessage().startsWith("scatter.coordinator.max-events "), refused.getMessage());
    assertTrue(refused.getMessage().endsWith(" must be at least 0, got -1"), refused.getMessage());
  }
}
