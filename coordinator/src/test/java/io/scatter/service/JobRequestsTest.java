package io.scatter.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.scatter.coordinator.Job;
import io.scatter.node.ScatterConfig;
import io.scatter.protocol.JobSpec;
import io.scatter.node.fetch.FetchSettings;
import io.scatter.protocol.LongRange;
import io.scatter.protocol.RangePlan;
import io.scatter.task.TaskRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one check of a job request: defaults filled in, and every refusal blaming one field. */
final class JobRequestsTest {

  private static final JobDefaults DEFAULTS = JobDefaults.from(ScatterConfig.load());
  private static final JobRequests REQUESTS = new JobRequests(DEFAULTS, TaskRegistry.load());

  private static JobRequestException refused(String json) {
    return assertThrows(JobRequestException.class, () -> REQUESTS.prepare(JobRequestJson.parse(json)));
  }

  @Test
  void prepare_givenFields_makeTheJob() {
    Job job = REQUESTS.prepare(JobRequestJson.parse("""
        {"task": "spin", "params": {"ns": 5}, "range": "0..100", "partitions": 4, "maxAttempts": 2,
         "leaseTimeout": "7s", "speculation": false}
        """));

    assertEquals("spin", job.taskRef().name());
    assertEquals("5", job.taskRef().params().get("ns"));
    assertEquals(new RangePlan.ByCount(new LongRange(0, 100), 4), job.plan());
    assertEquals(2, job.maxAttempts());
    assertEquals(Duration.ofSeconds(7), job.leaseTimeout());
    assertFalse(job.speculation());
  }

  @Test
  void prepare_absentFields_comeFromTheDefaults() {
    Job job = REQUESTS.prepare(JobRequest.builder().task("primes").range("0..1000").build());

    assertEquals(DEFAULTS.partitions(), job.partitionCount());
    assertEquals(DEFAULTS.maxAttempts(), job.maxAttempts());
    assertEquals(DEFAULTS.leaseTimeout(), job.leaseTimeout());
    assertEquals(DEFAULTS.speculation(), job.speculation());
  }

  @Test
  void prepare_withoutRange_takesTheTasksOwn() {
    Job job = REQUESTS.prepare(JobRequest.builder().task("nested-product").params(Map.of("n", "3")).build());

    assertEquals(new LongRange(1, 3), ((RangePlan.ByCount) job.plan()).range(), "nested-product: 1..n");
  }

  @Test
  void prepare_fetchJob_takesItsUrlsAndIoFieldsAsTheFetchTasksParameters() {
    Job job = REQUESTS.prepare(JobRequestJson.parse("""
        {"urls": [" http://127.0.0.1:9/a ", "http://127.0.0.1:9/b"], "io": "blocking", "batch": 1,
         "concurrency": 3, "timeout": "2s", "maxBody": "1KiB", "repeat": 2}
        """));

    assertEquals("fetch", job.taskRef().name());
    assertEquals(Map.of(FetchSettings.URLS, "http://127.0.0.1:9/a\nhttp://127.0.0.1:9/b", FetchSettings.REPEAT, "2",
        FetchSettings.IO, "blocking", FetchSettings.CONCURRENCY, "3", FetchSettings.TIMEOUT_MS, "2000",
        FetchSettings.MAX_BODY_BYTES, "1024", FetchSettings.KEEP_BODIES, ""), job.taskRef().params());
    assertEquals(4, job.partitionCount(), "2 URLs twice over, one per batch");
    assertEquals(DEFAULTS.leaseTimeout().plus(Duration.ofSeconds(2)), job.leaseTimeout(),
        "blocking, one URL a batch: the configured lease and one timeout");
  }

  @Test
  void prepare_fetchJobWithoutIoFields_usesTheConfiguredOnes() {
    Job job = REQUESTS.prepare(JobRequest.builder().urls(List.of("http://127.0.0.1:9/")).build());

    assertEquals(DEFAULTS.defaultIo().label(), job.taskRef().params().get(FetchSettings.IO));
    assertEquals(Long.toString(DEFAULTS.concurrency()), job.taskRef().params().get(FetchSettings.CONCURRENCY));
    assertEquals(Long.toString(DEFAULTS.timeout().toMillis()), job.taskRef().params().get(FetchSettings.TIMEOUT_MS));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "{\"range\": \"0..10\"}                                          | task          | which task? give task NAME (available: ",
      "{\"task\": \"nope\", \"range\": \"0..10\"}                      | task          | unknown task 'nope'",
      "{\"task\": \"primes\"}                                          | range         | task 'primes' needs a range: give range FROM..TO",
      "{\"task\": \"primes\", \"range\": \"0-10\"}                     | range         | range '0-10' is malformed",
      "{\"task\": \"primes\", \"range\": \"10..0\"}                    | range         | range '10..0' is reversed",
      "{\"task\": \"collatz\", \"range\": \"0..10\"}                   | range         | task 'collatz' needs a range of positive numbers",
      "{\"task\": \"primes\", \"range\": \"0..10\", \"partitions\": -3} | partitions    | partitions must be at least 1, got -3",
      "{\"task\": \"primes\", \"range\": \"0..10\", \"partitions\": 0}  | partitions    | partitions must be at least 1, got 0",
      "{\"task\": \"primes\", \"range\": \"0..10\", \"partitionSize\": 0} | partitionSize | partitionSize must be at least 1, got 0",
      "{\"task\": \"primes\", \"range\": \"0..10\", \"partitions\": 2, \"partitionSize\": 3} | partitionSize | give partitions or partitionSize, not both",
      "{\"task\": \"primes\", \"range\": \"0..10\", \"maxAttempts\": 0} | maxAttempts   | maxAttempts must be at least 1, got 0",
      "{\"task\": \"primes\", \"range\": \"0..10\", \"leaseTimeout\": \"30\"} | leaseTimeout | leaseTimeout needs a unit, e.g. 5s or 500ms, got '30'",
      "{\"task\": \"primes\", \"range\": \"0..10\", \"leaseTimeout\": 30} | leaseTimeout | leaseTimeout needs a unit, e.g. 5s or 500ms, got '30'",
      "{\"task\": \"primes\", \"range\": \"0..10\", \"leaseTimeout\": \"soon\"} | leaseTimeout | leaseTimeout 'soon' is not a duration",
      "{\"task\": \"primes\", \"range\": \"0..10\", \"leaseTimeout\": \"-5s\"} | leaseTimeout | leaseTimeout must be positive, got -5s",
      "{\"task\": \"primes\", \"range\": \"0..10\", \"weight\": 0}      | weight        | weight must be a number from 1 to 1000 (a share against other jobs; 1 is the default), got 0",
      "{\"task\": \"primes\", \"range\": \"0..10\", \"weight\": -1.5}   | weight        | weight must be a number from 1 to 1000 (a share against other jobs; 1 is the default), got -1.5",
      "{\"task\": \"primes\", \"range\": \"0..10\", \"weight\": 0.5}    | weight        | weight must be a number from 1 to 1000 (a share against other jobs; 1 is the default), got 0.5",
      "{\"task\": \"primes\", \"range\": \"0..10\", \"weight\": 1000.5} | weight        | weight must be a number from 1 to 1000 (a share against other jobs; 1 is the default), got 1000.5",
      "{\"task\": \"primes\", \"range\": \"0..10\", \"weight\": 1e300}  | weight        | weight must be a number from 1 to 1000 (a share against other jobs; 1 is the default), got 1.0E300",
      "{\"task\": \"primes\", \"range\": \"0..10\", \"partitions\": 1000000000000} | partitions | partitions 1000000000000 is more than the 10 numbers in range 0..10: give at most 10",
      "{\"task\": \"primes\", \"range\": \"0..10\", \"partitions\": 11} | partitions    | partitions 11 is more than the 10 numbers in range 0..10: give at most 10",
      "{\"task\": \"primes\", \"range\": \"7..7\", \"partitions\": 1}  | partitions    | partitions 1 is more than the 0 numbers in range 7..7: the range is empty",
      "{\"task\": \"nested-product\", \"params\": {\"n\": 3}, \"partitions\": 64} | partitions | partitions 64 is more than the 2 numbers in range 1..3: give at most 2",
      "{\"urls\": [\"http://a/\"], \"repeat\": 100000000000}       | repeat        | repeat 100,000,000,000 times 1 URL is 100,000,000,000 fetches; a fetch job's answer keeps a result per URL in the coordinator's memory, so a job may fetch at most 1,000,000 (scatter.fetch.max-urls)",
      "{\"urls\": [\"http://a/\", \"http://b/\"], \"repeat\": 9223372036854775807} | repeat | repeat 9,223,372,036,854,775,807 times 2 URLs is more than 9223372036854775807 fetches",
      "{\"task\": \"spin\", \"range\": \"0..10\", \"params\": {\"speed\": 3}} | params  | task 'spin' has no parameter 'speed'",
      "{\"task\": \"spin\", \"range\": \"0..10\", \"params\": {\"ns\": -1}} | params     | parameter 'ns' of task 'spin' must be >= 0",
      "{\"task\": \"primes\", \"range\": \"0..10\", \"batch\": 5}       | batch         | batch is for fetch jobs: give urls",
      "{\"task\": \"fetch\"}                                           | urls          | task 'fetch' needs URLs: give urls",
      "{\"urls\": []}                                                  | urls          | task 'fetch' needs URLs: give urls",
      "{\"urls\": [\"http://a/\", \" \"]}                              | urls          | urls: URL 2 is empty",
      "{\"urls\": [\"http://a/\\nhttp://b/\"]}                         | urls          | urls: URL 1 holds a line break",
      "{\"urls\": [\"http://a/\"], \"task\": \"primes\"}               | task          | urls run the fetch task; drop task primes",
      "{\"urls\": [\"http://a/\"], \"range\": \"0..1\"}                | range         | fetch jobs take no range",
      "{\"urls\": [\"http://a/\"], \"partitions\": 2}                  | partitions    | fetch jobs are cut into batches of URLs: use batch, not partitions",
      "{\"urls\": [\"http://a/\"], \"params\": {\"io\": \"async\"}}    | params        | params io: fetch jobs take it from the fetch options",
      "{\"urls\": [\"http://a/\"], \"io\": \"warp\"}                   | io            | io: unknown I/O style 'warp'",
      "{\"urls\": [\"http://a/\"], \"batch\": 0}                       | batch         | batch must be at least 1, got 0",
      "{\"urls\": [\"http://a/\"], \"concurrency\": 0}                 | concurrency   | concurrency must be at least 1, got 0",
      "{\"urls\": [\"http://a/\"], \"repeat\": 0}                      | repeat        | repeat must be at least 1, got 0",
      "{\"urls\": [\"http://a/\"], \"timeout\": \"500us\"}             | timeout       | timeout must be at least 1ms, got 500us",
      "{\"urls\": [\"http://a/\"], \"maxBody\": \"lots\"}              | maxBody       | maxBody 'lots' is not a size in bytes",
  })
  void prepare_badRequest_namesTheField(String json, String field, String expected) {
    JobRequestException e = refused(json);

    assertEquals(Optional.of(field), e.field());
    assertTrue(e.getMessage().startsWith(expected), e.getMessage());
  }

  @Test
  void message_namesFieldsAsTheFrontEndCallsThem() {
    JobRequestException e = refused("{\"task\": \"primes\", \"range\": \"0..10\", \"partitionSize\": 0}");

    assertEquals("<partitionSize> must be at least 1, got 0", e.message(field -> "<" + field + ">"));
    assertEquals("partitionSize must be at least 1, got 0", e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({"1", "2.5", "1000"})
  void weight_withinItsRange_isTaken(double weight) {
    assertEquals(weight, REQUESTS.prepare(JobRequest.builder().task("primes").range("0..10").weight(weight).build())
        .weight());
  }

  @Test
  void prepare_asManyPartitionsAsNumbers_isTaken() {
    assertEquals(10, REQUESTS.prepare(JobRequestJson.parse(
        "{\"task\": \"primes\", \"range\": \"0..10\", \"partitions\": 10}")).partitionCount());
  }

  /** The default count is no user's request: on a small range it is cut to fit, as it always was. */
  @Test
  void prepare_defaultPartitionsOverASmallRange_oneForEachNumber() {
    assertEquals(3, REQUESTS.prepare(JobRequest.builder().task("primes").range("0..3").build()).partitionCount());
  }

  /**
   * A trillion partitions cost the plan two longs: any partition is computed when it is dispatched
   * (LargeJobMemoryTest runs such a job in a 64 MB heap).
   */
  @Test
  void prepare_aTrillionPartitions_isPlannedOnDemand() {
    Job job = REQUESTS.prepare(JobRequestJson.parse(
        "{\"task\": \"spin\", \"range\": \"0..9223372036854775807\", \"partitions\": 1000000000000}"));

    assertEquals(1_000_000_000_000L, job.partitionCount());
    assertEquals(new LongRange(Long.MAX_VALUE - 9_223_372, Long.MAX_VALUE), job.plan().partition(999_999_999_999L));
  }

  @Test
  void prepare_fetchJobUpToTheLimit_isTaken() {
    Job job = REQUESTS.prepare(JobRequest.builder().urls(List.of("http://a/", "http://b/")).repeat(500_000L).build());

    assertEquals(DEFAULTS.maxUrls(), job.plan().range().size());
  }

  @Test
  void prepare_fetchListLongerThanTheLimit_blamesTheUrls() {
    JobRequests two = new JobRequests(JobDefaults.from(ConfigFactory.parseString("scatter.fetch.max-urls = 2")
        .withFallback(ScatterConfig.load())), TaskRegistry.load());

    JobRequestException e = assertThrows(JobRequestException.class,
        () -> two.prepare(JobRequest.builder().urls(List.of("http://a/", "http://b/", "http://c/")).build()));

    assertEquals(Optional.of("urls"), e.field());
    assertEquals("urls: 3 URLs is 3 fetches; a fetch job's answer keeps a result per URL in the coordinator's memory, "
        + "so a job may fetch at most 2 (scatter.fetch.max-urls)", e.getMessage());
  }

  @Test
  void weight_absent_isAnEqualShare() {
    assertEquals(1.0, JobRequests.weight(JobRequest.builder().build()));
    assertEquals(2.5, JobRequests.weight(JobRequest.builder().weight(2.5).build()));
  }

  @Test
  void prepare_weight_reachesTheJobItsWorkersAreOfferedWith() {
    JobRequest request = JobRequest.builder().task("primes").range("0..10").weight(2.5).build();
    assertEquals(2.5, REQUESTS.prepare(request, Optional.empty()).weight());
    assertEquals(JobSpec.DEFAULT_WEIGHT,
        REQUESTS.prepare(request.toBuilder().weight(null).build(), Optional.empty()).weight());
  }

  @Test
  void clusterFetchJob_longerThanOneMessage_isRefusedNamingTheUrls() {
    JobRequest request = JobRequest.builder().urls(List.of("http://127.0.0.1:9/" + "x".repeat(100))).build();

    JobRequestException e = assertThrows(JobRequestException.class,
        () -> REQUESTS.prepare(request, Optional.of(new UrlListLimit(100))));

    assertEquals(Optional.of("urls"), e.field());
    assertTrue(e.getMessage().startsWith("the URL list is 119 bytes; cluster mode sends it to every worker in one "
        + "message of at most 100 bytes"), e.getMessage());
  }

  @Test
  void defaults_badValue_failsAtStartNamingTheKey() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JobDefaults.from(
        ConfigFactory.parseString("scatter.fetch.batch = 0").withFallback(ScatterConfig.load())));

    assertEquals("scatter.fetch.batch in String: 1 must be at least 1, got 0", e.getMessage());
  }

  @Test
  void defaults_maxUrls_isReadOnceFromTheFetchBlock() {
    assertEquals(1_000_000, DEFAULTS.maxUrls());
    assertEquals(5, JobDefaults.from(ConfigFactory.parseString("scatter.fetch.max-urls = 5")
        .withFallback(ScatterConfig.load())).maxUrls());
  }
}
