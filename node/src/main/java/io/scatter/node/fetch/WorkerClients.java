package io.scatter.node.fetch;

import java.net.http.HttpClient;

/**
 * One {@link HttpClient} per worker, shared by all the requests that worker makes. A worker actor
 * runs on its own pinned thread and a thread-pool worker on its own pool thread, so one client per
 * thread is exactly one per worker: its connection pool is reused from batch to batch and never
 * contended by another worker. A client whose thread is gone is reclaimed with it (its selector
 * thread ends once the client is unreachable).
 */
final class WorkerClients {

  private static final ThreadLocal<HttpClient> CLIENT = ThreadLocal.withInitial(() -> HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      // A redirect is reported as its 3xx status: what the URL answered, not what another URL did.
      .followRedirects(HttpClient.Redirect.NEVER)
      .build());

  private WorkerClients() {
  }

  static HttpClient current() {
    return CLIENT.get();
  }
}
