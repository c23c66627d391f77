package io.scatter.testing;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.scatter.node.ScatterConfig;

/** scatter's configuration with the tests' faster values ({@code application-test.conf}) on top. */
public final class TestConfig {

  private static final String RESOURCE = "application-test.conf";

  private TestConfig() {
  }

  public static Config load() {
    return withTestValues(ScatterConfig.load());
  }

  /** A cluster member's configuration with the tests' values. */
  public static Config loadForCluster() {
    return withTestValues(ScatterConfig.loadForCluster(java.util.Optional.empty()));
  }

  private static Config withTestValues(Config config) {
    return ConfigFactory.parseResources(RESOURCE, ConfigParseOptions.defaults().setAllowMissing(false))
        .withFallback(config).resolve();
  }
}
