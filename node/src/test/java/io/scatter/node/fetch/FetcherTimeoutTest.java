package io.scatter.node.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.scatter.node.HandTicker;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;

/**
 * The per-request timeout without waiting for one: every request carries the job's
 * {@code timeout-ms}, and the client's report that it ran out is a {@code timeout} result. (That
 * the JDK client keeps to the request's timeout is its own contract; measuring it against the wall
 * clock made a test fail 57 µs short of 2 s on a loaded machine.)
 */
final class FetcherTimeoutTest {

  @Test
  void fetch_eachRequest_carriesTheTimeoutSetting_andItsExpiryIsATimeoutResult() {
    for (boolean async : new boolean[] {false, true}) {
      TimingOutClient client = new TimingOutClient();
      Map<String, String> raw = FetchParams.raw(List.of("http://127.0.0.1:9/a"), IoStyle.ASYNC);
      raw.put(FetchSettings.TIMEOUT_MS, "1234");
      Fetcher fetcher = new Fetcher(FetchSettings.from(FetchParams.of(raw)), client);

      FetchResult result = async ? fetcher.fetchAsync(0).join() : fetcher.fetch(0);

      assertEquals("timeout", result.error(), "async " + async);
      assertEquals(0, result.status(), "async " + async);
      assertEquals(1, client.sent.size(), "async " + async);
      assertEquals(Optional.of(Duration.ofMillis(1234)), client.sent.get(0).timeout(), "async " + async);
    }
  }

  @Test
  void fetch_latency_isTheTimeBetweenSendingAndTheAnswerOnTheFetchersClock() {
    for (boolean async : new boolean[] {false, true}) {
      AtomicLong nanos = new AtomicLong(5_000_000_000L);
      // The client's answer takes 42.5 ms of the fetcher's clock, however long it takes in fact.
      TimingOutClient client = new TimingOutClient(() -> nanos.addAndGet(42_500_000));
      Map<String, String> raw = FetchParams.raw(List.of("http://127.0.0.1:9/a"), IoStyle.ASYNC);
      Fetcher fetcher = new Fetcher(FetchSettings.from(FetchParams.of(raw)), client, new HandTicker(nanos::get));

      FetchResult result = async ? fetcher.fetchAsync(0).join() : fetcher.fetch(0);

      assertEquals(42_500, result.latencyMicros(), "async " + async);
    }
  }

  /** Records each request and fails it the way the JDK client does when the request's timeout passes. */
  private static final class TimingOutClient extends HttpClient {
    final List<HttpRequest> sent = new CopyOnWriteArrayList<>();
    /** Runs while the request is out: a test moves its clock here. */
    private final Runnable whileOut;

    TimingOutClient() {
      this(() -> { });
    }

    TimingOutClient(Runnable whileOut) {
      this.whileOut = whileOut;
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException {
      sent.add(request);
      whileOut.run();
      throw new HttpTimeoutException("request timed out");
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
      sent.add(request);
      whileOut.run();
      return CompletableFuture.failedFuture(new HttpTimeoutException("request timed out"));
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
        HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
      return sendAsync(request, handler);
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
      return Optional.empty();
    }

    @Override
    public Optional<Duration> connectTimeout() {
      return Optional.empty();
    }

    @Override
    public Redirect followRedirects() {
      return Redirect.NEVER;
    }

    @Override
    public Optional<ProxySelector> proxy() {
      return Optional.empty();
    }

    @Override
    public SSLContext sslContext() {
      return null;
    }

    @Override
    public SSLParameters sslParameters() {
      return new SSLParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
      return Optional.empty();
    }

    @Override
    public Version version() {
      return Version.HTTP_1_1;
    }

    @Override
    public Optional<Executor> executor() {
      return Optional.empty();
    }
  }
}
