package io.scatter.node.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.protocol.LongRange;
import io.scatter.task.TaskRegistry;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

final class FetchTaskTest {

  private final FetchTask task = new FetchTask();

  private static FetchResult result(long index, int status) {
    return FetchResult.response(index, "http://x/" + index, status, 10, 1_000);
  }

  @Test
  void registry_findsTheTaskThroughItsServiceFile() {
    assertEquals(FetchTask.class, TaskRegistry.load().get("fetch").getClass());
  }

  @Test
  void combine_concatenatesInOrderAndIsAssociative() {
    List<FetchResult> a = List.of(result(0, 200));
    List<FetchResult> b = List.of(result(1, 404), result(2, 200));
    List<FetchResult> c = List.of(result(3, 500));

    assertEquals(task.combine(task.combine(a, b), c), task.combine(a, task.combine(b, c)));
    assertEquals(List.of(result(0, 200), result(1, 404), result(2, 200), result(3, 500)),
        task.combine(task.combine(a, b), c));
    assertEquals(b, task.combine(task.identity(), b));
    assertEquals(b, task.combine(b, task.identity()));
  }

  @Test
  void render_countsOutcomesStatusesFirst() {
    List<FetchResult> results = List.of(result(0, 200), result(1, 404), result(2, 200),
        FetchResult.failed(3, "http://x/3", 0, 0, 5, FetchError.TIMEOUT));
    assertEquals("4 URLs: 200 x2, 404 x1, timeout x1", task.render(results));
  }

  @Test
  void defaultRange_isEveryUrlIndexAfterRepeats() {
    var raw = FetchParams.raw(List.of("http://a/", "http://b/"), IoStyle.ASYNC);
    raw.put(FetchSettings.REPEAT, "5");
    assertEquals(Optional.of(new LongRange(0, 10)), task.defaultRange(FetchParams.of(raw)));
  }

  @Test
  void validate_rangePastTheList_isRefused() {
    var params = FetchParams.of(List.of("http://a/"), IoStyle.ASYNC);
    assertThrows(IllegalArgumentException.class, () -> task.validate(params, new LongRange(0, 2)));
  }

  @Test
  void validate_virtualWithoutVirtualThreads_isRefusedNamingTheJavaVersion() {
    Assumptions.assumeFalse(VirtualThreads.available(), "this JVM has virtual threads");
    var params = FetchParams.of(List.of("http://a/"), IoStyle.VIRTUAL);
    String message = assertThrows(IllegalArgumentException.class,
        () -> task.validate(params, new LongRange(0, 1))).getMessage();
    assertEquals("io=virtual needs Java 21 or newer; this JVM is " + System.getProperty("java.version"), message);
  }

  /** URLs the client refuses before any network I/O: each is a result, and the batch never throws. */
  @ParameterizedTest
  @EnumSource(IoStyle.class)
  void compute_malformedUrls_areResultsNotExceptions(IoStyle io) {
    Assumptions.assumeTrue(io != IoStyle.VIRTUAL || VirtualThreads.available(), "virtual threads need Java 21+");
    List<String> urls = List.of("not a url", "ftp://example.invalid/", "http:///nohost", "relative/path");
    List<FetchResult> results = task.compute(FetchParams.of(urls, io), 0, urls.size());

    assertEquals(urls.size(), results.size());
    for (int i = 0; i < urls.size(); i++) {
      assertEquals(new FetchResult(i, urls.get(i), 0, 0, 0, "malformed-url"), results.get(i));
    }
  }
}
