package io.scatter.testserver;

import io.scatter.testing.LoopbackHttp;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Many GETs sent at once, each on a connection of its own ({@link LoopbackHttp}), their answers left
 * unread until asked for. Plain sockets rather than thousands of JDK {@code HttpClient} exchanges:
 * the server is what is under test, and the client's per-exchange machinery cost more CPU than the
 * server did (2,000 of them took 20 s in the test JVM).
 */
final class HeldConnections implements AutoCloseable {

  /** What a connection the server did not answer in HTTP, or that broke, counts as. */
  static final LoopbackHttp.Response NO_ANSWER = new LoopbackHttp.Response(-1, "");

  private final List<LoopbackHttp> connections = new ArrayList<>();

  /** Sends {@code count} GETs of {@code path}; an answer may take up to {@code patience} once awaited. */
  static HeldConnections send(String baseUrl, String path, int count, Duration patience) throws IOException {
    HeldConnections held = new HeldConnections();
    try {
      for (int i = 0; i < count; i++) {
        held.connections.add(LoopbackHttp.request(baseUrl, "GET", path, patience));
      }
    } catch (IOException | RuntimeException e) {
      held.close();
      throw e;
    }
    return held;
  }

  /** How many have had any byte of an answer (or lost their connection) so far, without waiting. */
  long answered() {
    return connections.stream().filter(LoopbackHttp::hasAnswer).count();
  }

  /** Waits for every answer, in the order the requests were sent ({@link #NO_ANSWER} for a broken one). */
  List<LoopbackHttp.Response> answers() {
    List<LoopbackHttp.Response> answers = new ArrayList<>(connections.size());
    for (LoopbackHttp connection : connections) {
      try {
        answers.add(connection.answer());
      } catch (IOException | RuntimeException e) {
        answers.add(NO_ANSWER);
      }
    }
    return answers;
  }

  /** Status code to how many answers had it (-1: {@link #NO_ANSWER}). */
  static Map<Integer, Integer> byStatus(List<LoopbackHttp.Response> answers) {
    Map<Integer, Integer> byStatus = new TreeMap<>();
    answers.forEach(answer -> byStatus.merge(answer.status(), 1, Integer::sum));
    return byStatus;
  }

  @Override
  public void close() throws IOException {
    for (LoopbackHttp connection : connections) {
      connection.close();
    }
  }
}
