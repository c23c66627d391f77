package io.scatter.node;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class PlainTcpExposureTest {

  private static final Config MEMBER = ScatterConfig.loadForCluster(Optional.empty());

  private static Config with(String key, Object value) {
    return MEMBER.withValue(key, ConfigValueFactory.fromAnyRef(value));
  }

  @Test
  void check_loopback_passes() {
    assertDoesNotThrow(() -> PlainTcpExposure.check(MEMBER, "127.0.0.1"));
    assertDoesNotThrow(() -> PlainTcpExposure.check(MEMBER, "localhost"));
    assertDoesNotThrow(() -> PlainTcpExposure.check(MEMBER, "::1"));
  }

  @Test
  void check_otherAddressOnPlainTcp_isRefusedNamingIt() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> PlainTcpExposure.check(MEMBER, "10.0.0.5"));

    assertTrue(refused.getMessage().startsWith("refusing plain TCP on 10.0.0.5, which is not a loopback address"),
        refused.getMessage());
  }

  @Test
  void check_bindAddress_isWhatListens() {
    assertThrows(IllegalArgumentException.class,
        () -> PlainTcpExposure.check(with("pekko.remote.artery.bind.hostname", "0.0.0.0"), "127.0.0.1"));
    assertDoesNotThrow(() -> PlainTcpExposure.check(with("pekko.remote.artery.bind.hostname", "127.0.0.1"),
        "10.0.0.5"));
  }

  @Test
  void check_unknownHost_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> PlainTcpExposure.check(MEMBER, "no-such-host.invalid"));
  }

  @Test
  void check_allowedBySetting_passes() {
    assertDoesNotThrow(() -> PlainTcpExposure.check(with(PlainTcpExposure.KEY, true), "10.0.0.5"));
  }

  @Test
  void check_tls_passes() {
    assertDoesNotThrow(() -> PlainTcpExposure.check(with("pekko.remote.artery.transport", "tls-tcp"), "10.0.0.5"));
    assertDoesNotThrow(() -> PlainTcpExposure.check(with(ClusterTls.KEY, "/some/certs"), "10.0.0.5"));
  }
}
