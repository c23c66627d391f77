package io.scatter.node.fetch;

import io.scatter.time.Ticker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Fetches single URLs of a job with a worker's client, blocking or not. Whatever happens, the
 * answer is a {@link FetchResult}: a bad URL, a refused connection or a timeout is a result,
 * never an exception, so one bad line never fails the batch it is in.
 */
final class Fetcher {

  private final FetchSettings settings;
  private final HttpClient client;
  private final Ticker ticker;

  Fetcher(FetchSettings settings, HttpClient client) {
    this(settings, client, Ticker.system());
  }

  /** @param ticker the clock each request's latency is read from */
  Fetcher(FetchSettings settings, HttpClient client, Ticker ticker) {
    this.settings = settings;
    this.client = client;
    this.ticker = ticker;
  }

  /** Fetches URL {@code index} on this thread. */
  FetchResult fetch(long index) {
    Exchange exchange = new Exchange(index);
    if (exchange.request == null) {
      return exchange.malformed();
    }
    try {
      return exchange.finish(client.send(exchange.request, exchange::body), null);
    } catch (IOException | IllegalArgumentException e) {
      return exchange.finish(null, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return exchange.finish(null, e);
    }
  }

  /** Starts fetching URL {@code index}; the future always completes normally. */
  CompletableFuture<FetchResult> fetchAsync(long index) {
    Exchange exchange = new Exchange(index);
    if (exchange.request == null) {
      return CompletableFuture.completedFuture(exchange.malformed());
    }
    try {
      return client.sendAsync(exchange.request, exchange::body).handle(exchange::finish);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(exchange.finish(null, e));
    }
  }

  /** One request: when it started, and what of the response arrived before it ended. */
  private final class Exchange {
    final long index;
    final String url;
    final HttpRequest request;
    final long startNanos = ticker.read();
    volatile int status;
    volatile Body body;

    Exchange(long index) {
      this.index = index;
      this.url = settings.url(index);
      this.request = request(url);
    }

    /** The request, or null when the URL is not one the client can send (syntax, scheme, missing host). */
    private HttpRequest request(String url) {
      try {
        return HttpRequest.newBuilder(URI.create(url)).timeout(settings.timeout()).GET().build();
      } catch (IllegalArgumentException e) {
        return null;
      }
    }

    HttpResponse.BodySubscriber<Long> body(HttpResponse.ResponseInfo info) {
      status = info.statusCode();
      body = new Body(settings.maxBodyBytes(), settings.bodyFile(index));
      return body;
    }

    FetchResult malformed() {
      return FetchResult.failed(index, url, 0, 0, 0, FetchError.MALFORMED_URL);
    }

    FetchResult finish(HttpResponse<Long> response, Throwable failure) {
      long micros = TimeUnit.NANOSECONDS.toMicros(ticker.read() - startNanos);
      if (failure == null) {
        return FetchResult.response(index, url, response.statusCode(), response.body(), micros);
      }
      Body partial = body;
      return FetchResult.failed(index, url, status, partial == null ? 0 : partial.bytes(), micros,
          FetchError.classify(failure));
    }
  }
}
