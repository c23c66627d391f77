package io.scatter.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;

/** One request to a job API the test started on loopback, its status checked and its JSON answer read. */
public final class JsonApi {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Long enough for a {@code ?wait=} the tests ask for, on a loaded machine. */
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(90);

  private JsonApi() {
  }

  /** @param body null for none */
  public static JsonNode send(String baseUrl, String method, String path, String body, int expectedStatus)
      throws Exception {
    try (LoopbackHttp http = new LoopbackHttp(baseUrl, READ_TIMEOUT)) {
      LoopbackHttp.Response response = http.send(method, path, body);
      assertEquals(expectedStatus, response.status(), method + " " + path + ": " + response.body());
      return JSON.readTree(response.body());
    }
  }
}
