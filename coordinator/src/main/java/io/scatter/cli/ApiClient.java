package io.scatter.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * The command line's side of the job API ({@code scatter coordinator}): one call per route, the
 * answer as JSON. A 4xx problem document ({@code application/problem+json}) is the caller's doing
 * (a bad field, an unknown job, a wrong token): a {@link UserInputException} with its detail, the
 * field named as the flag, so exit 2. A 5xx, or no server at the address, is an
 * {@link IllegalStateException} naming it, exit 1: the input may be right, the service is not.
 */
final class ApiClient implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  /**
   * For an http:// API: the client's default SSL context reads the JDK's trust store as it is built,
   * a fifth of a {@code scatter jobs} command's CPU, for TLS it never speaks. This one holds no keys and
   * trusts nobody, so it costs nothing and could not be used by mistake.
   */
  private static final SSLContext NO_TLS = noTls();

  private final URI base;
  private final Optional<String> authorization;
  private final Duration timeout;
  // A daemon pool of its own: the JDK's default would keep threads after the command has returned.
  private final ExecutorService pool = Executors.newFixedThreadPool(1, r -> {
    Thread t = new Thread(r, "scatter-api-client");
    t.setDaemon(true);
    return t;
  });
  private final HttpClient http;

  /**
   * @param base  ends with {@code /}, so that an API under a path prefix keeps it
   * @param token the bearer token to send, if the server wants one */
  ApiClient(URI base, Optional<String> token, Config config) {
    this.base = base;
    this.authorization = token.map(t -> "Bearer " + t);
    this.timeout = ApiClientSettings.from(config).timeout();
    HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
        .executor(pool);
    if ("http".equals(base.getScheme())) {
      builder.sslContext(NO_TLS);
    }
    this.http = builder.build();
  }

  /** The API's address as the user wrote it, for messages. */
  String shown() {
    String text = base.toString();
    return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
  }

  /** {@code POST /jobs}: the job as submitted (201). */
  JsonNode submit(String requestJson) {
    return send("POST", "jobs", requestJson);
  }

  /** {@code POST /jars}: the jar's digest, as the coordinator stored it. */
  String uploadJar(java.nio.file.Path jar) {
    HttpRequest.Builder request;
    try {
      request = HttpRequest.newBuilder(base.resolve("jars")).timeout(timeout)
          .header("Content-Type", "application/java-archive")
          .POST(HttpRequest.BodyPublishers.ofFile(jar));
    } catch (java.io.FileNotFoundException e) {
      throw new UserInputException("--jar " + jar + ": no such file");
    }
    try {
      return exchange(request, "POST", "jars").get("digest").asText();
    } catch (UserInputException refused) {
      throw new UserInputException("--jar " + jar + ": " + refused.getMessage()); // which of several jars
    }
  }

  JsonNode job(String id) {
    return send("GET", "jobs/" + id, null);
  }

  /** {@code GET /jobs/{id}?wait=}: the job once it has ended, or as it is after {@code waitMillis}. */
  JsonNode jobAfter(String id, long waitMillis) {
    return send("GET", "jobs/" + id + "?wait=" + waitMillis + "ms", null);
  }

  /** {@code GET /jobs?limit=N}, newest first; no limit means the server's default. */
  JsonNode list(Optional<Integer> limit) {
    return send("GET", "jobs" + limit.map(n -> "?limit=" + n).orElse(""), null);
  }

  /** {@code DELETE /jobs/{id}}: the job as it is after the cancel. */
  JsonNode cancel(String id) {
    return send("DELETE", "jobs/" + id, null);
  }

  /** {@code GET /nodes}: the members, their workers and the jobs on each. */
  JsonNode nodes() {
    return send("GET", "nodes", null);
  }

  private JsonNode send(String method, String path, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return exchange(request, method, path);
  }

  private JsonNode exchange(HttpRequest.Builder request, String method, String path) {
    authorization.ifPresent(value -> request.header("Authorization", value));
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw new IllegalStateException("no job API at " + shown() + " (is 'scatter coordinator' running?)");
    } catch (HttpTimeoutException e) {
      throw new IllegalStateException("the job API at " + shown() + " did not answer within "
          + timeout.toMillis() + " ms (scatter.api.client.timeout)");
    } catch (IOException e) {
      throw new IllegalStateException("cannot reach the job API at " + shown() + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while calling the job API at " + shown());
    }
    JsonNode json = parse(response);
    if (response.statusCode() >= 400) {
      String detail = json != null && json.hasNonNull("detail") ? json.get("detail").asText()
          : "HTTP " + response.statusCode() + " from " + shown();
      if (response.statusCode() >= 500) {
        throw new IllegalStateException("the job API at " + shown() + " failed: " + detail);
      }
      throw new UserInputException(json != null && json.hasNonNull("field") ? withFlag(detail, json.get("field").asText()) : detail);
    }
    if (json == null) {
      throw new IllegalStateException(shown() + " answered " + method + " " + path + " with something not JSON: "
          + "is it a scatter coordinator?");
    }
    return json;
  }

  /** "partitions must be at least 1" -> "--partitions must be at least 1", as {@code run} says it. */
  static String withFlag(String detail, String field) {
    String flag = RequestFlags.flag(field);
    return detail.startsWith(field + " ") ? flag + detail.substring(field.length())
        : detail + " (" + flag + ")";
  }

  private static JsonNode parse(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }

  private static SSLContext noTls() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(new KeyManager[0], new TrustManager[0], null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no TLS in this JDK: " + e.getMessage(), e);
    }
  }
}
