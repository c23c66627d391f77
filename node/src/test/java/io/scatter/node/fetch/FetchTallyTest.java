package io.scatter.node.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class FetchTallyTest {

  private static FetchResult response(long index, int status) {
    return FetchResult.response(index, "http://x/" + index, status, 10, 1_000);
  }

  @Test
  void inClassAndErrors_countEveryUrlOnce() {
    FetchTally tally = FetchTally.of(List.of(response(0, 200), response(1, 301), response(2, 302), response(3, 404),
        response(4, 503), FetchResult.failed(5, "http://x/5", 0, 0, 5, FetchError.TIMEOUT),
        FetchResult.failed(6, "http://x/6", 200, 99, 5, FetchError.BODY_TOO_LARGE)));

    Map<String, Long> outcomes = tally.outcomes();
    assertEquals(1, tally.ok());
    assertEquals(2, FetchTally.inClass(outcomes, 3));
    assertEquals(1, FetchTally.inClass(outcomes, 4));
    assertEquals(1, FetchTally.inClass(outcomes, 5));
    assertEquals(2, tally.errors());
    assertEquals(Map.of("body-too-large", 1L, "timeout", 1L), FetchTally.errorKinds(outcomes));
    assertEquals(tally.urls(), tally.ok() + FetchTally.inClass(outcomes, 3) + FetchTally.inClass(outcomes, 4)
        + FetchTally.inClass(outcomes, 5) + tally.errors());
  }
}
