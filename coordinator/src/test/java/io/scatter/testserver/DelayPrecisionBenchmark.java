package io.scatter.testserver;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;

/**
 * How long {@code /delay?ms=D} really takes, seen by a client on loopback: fastest, median and
 * slowest of several tries per delay. On Pekko's scheduler with its default 10 ms ticks a 50 ms
 * delay took about 70 ms (1 ms ticks: about 52), and every fetch benchmark against the server
 * measured the ticks; the due-time {@link DelayTimer} gives about 50.5 ms unloaded. Not a unit test
 * (a wall-clock figure depends on the machine's load): a {@code main} that prints a table.
 *
 * <p>Run from the repository root:
 * <pre>
 * mvn -q -B -DskipTests package
 * java -cp coordinator/target/scatter.jar:coordinator/target/test-classes io.scatter.testserver.DelayPrecisionBenchmark
 * </pre>
 */
public final class DelayPrecisionBenchmark {

  private static final int[] DELAYS_MS = {0, 1, 10, 50, 200};
  private static final int WARM_UP = 50;
  private static final int TRIES = 25;

  private DelayPrecisionBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    try (TestServer server = TestServer.start("127.0.0.1", 0)) {
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      for (int i = 0; i < WARM_UP; i++) {
        client.send(request(server, 0), HttpResponse.BodyHandlers.discarding());
      }
      System.out.printf("%8s %10s %10s %10s   (%d tries each, one at a time, one connection)%n",
          "delay ms", "fastest", "median", "slowest", TRIES);
      for (int delay : DELAYS_MS) {
        HttpRequest request = request(server, delay);
        double[] ms = new double[TRIES];
        for (int i = 0; i < TRIES; i++) {
          long start = System.nanoTime();
          client.send(request, HttpResponse.BodyHandlers.discarding());
          ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf("%8d %10.2f %10.2f %10.2f%n", delay, ms[0], ms[TRIES / 2], ms[TRIES - 1]);
      }
    }
  }

  private static HttpRequest request(TestServer server, int delayMs) {
    return HttpRequest.newBuilder(URI.create(server.url() + "/delay?ms=" + delayMs)).build();
  }
}
