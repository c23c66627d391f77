package io.scatter.node.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class FetchSettingsTest {

  private static String refusal(Map<String, String> raw) {
    return assertThrows(IllegalArgumentException.class, () -> FetchSettings.from(FetchParams.of(raw))).getMessage();
  }

  @Test
  void from_everyParameter_isParsed() {
    Map<String, String> raw = FetchParams.raw(List.of("http://a/", "http://b/"), IoStyle.VIRTUAL);
    raw.put(FetchSettings.REPEAT, "3");
    raw.put(FetchSettings.KEEP_BODIES, "/tmp/bodies");

    FetchSettings settings = FetchSettings.from(FetchParams.of(raw));

    assertEquals(new FetchSettings(List.of("http://a/", "http://b/"), 3, IoStyle.VIRTUAL, 4, Duration.ofSeconds(2),
        1000, Optional.of(Path.of("/tmp/bodies"))), settings);
    assertEquals(6, settings.count());
  }

  @Test
  void url_withRepeat_cyclesThroughTheList() {
    Map<String, String> raw = FetchParams.raw(List.of("http://a/", "http://b/", "http://c/"), IoStyle.ASYNC);
    raw.put(FetchSettings.REPEAT, "2");
    FetchSettings settings = FetchSettings.from(FetchParams.of(raw));

    assertEquals(List.of("http://a/", "http://b/", "http://c/", "http://a/", "http://b/", "http://c/"),
        java.util.stream.LongStream.range(0, settings.count()).mapToObj(settings::url).toList());
  }

  @Test
  void from_blankLine_isRefusedNamingIt() {
    Map<String, String> raw = FetchParams.raw(List.of("http://a/", " ", "http://c/"), IoStyle.ASYNC);
    assertTrue(refusal(raw).contains("line 2 is blank"));
  }

  @Test
  void from_unknownIoStyle_isRefused() {
    Map<String, String> raw = FetchParams.raw(List.of("http://a/"), IoStyle.ASYNC);
    raw.put(FetchSettings.IO, "warp");
    assertTrue(refusal(raw).contains("unknown I/O style 'warp'"), refusal(raw));
  }

  @Test
  void from_zeroConcurrencyOrRepeat_isRefused() {
    Map<String, String> raw = FetchParams.raw(List.of("http://a/"), IoStyle.ASYNC);
    raw.put(FetchSettings.CONCURRENCY, "0");
    assertTrue(refusal(raw).contains("parameter 'concurrency' of task 'fetch': must be at least 1, got 0"));
    raw.put(FetchSettings.CONCURRENCY, "1");
    raw.put(FetchSettings.REPEAT, "0");
    assertTrue(refusal(raw).contains("parameter 'repeat'"));
  }

  @Test
  void from_repeatPastLongRange_isRefused() {
    Map<String, String> raw = FetchParams.raw(List.of("http://a/", "http://b/"), IoStyle.ASYNC);
    raw.put(FetchSettings.REPEAT, Long.toString(Long.MAX_VALUE));
    assertTrue(refusal(raw).contains("more than a job can hold"));
  }

  @Test
  void cache_sameParams_parsesOnce() {
    SettingsCache cache = new SettingsCache(2);
    var params = FetchParams.of(List.of("http://a/"), IoStyle.ASYNC);
    assertSame(cache.get(params), cache.get(params));
  }

  @Test
  void cache_pastCapacity_forgetsTheLeastRecentlyUsed() {
    SettingsCache cache = new SettingsCache(1);
    var first = FetchParams.of(List.of("http://a/"), IoStyle.ASYNC);
    FetchSettings parsed = cache.get(first);
    cache.get(FetchParams.of(List.of("http://b/"), IoStyle.ASYNC));

    FetchSettings again = cache.get(first);
    assertEquals(parsed, again);
    assertNotSame(parsed, again, "parsed again after being evicted");
  }
}
