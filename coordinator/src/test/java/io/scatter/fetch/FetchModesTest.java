package io.scatter.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.scatter.coordinator.ActorRunner;
import io.scatter.coordinator.Job;
import io.scatter.coordinator.JobRunner;
import io.scatter.coordinator.LocalRunner;
import io.scatter.coordinator.ProgressListener;
import io.scatter.coordinator.RunResult;
import io.scatter.node.ScatterConfig;
import io.scatter.node.fetch.IoStyle;
import io.scatter.node.fetch.VirtualThreads;
import io.scatter.testserver.TestServer;
import io.scatter.task.TaskRegistry;
import java.net.BindException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every I/O style in every in-process mode fetches a mixed list with the same outcome per URL. */
final class FetchModesTest {

  private static final int WORKERS = 2;
  private static TestServer server;

  @BeforeAll
  static void start() throws BindException {
    server = TestServer.start("127.0.0.1", 0);
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  @ParameterizedTest
  @EnumSource(IoStyle.class)
  void everyModeGivesEachUrlItsOutcome(IoStyle io) throws Exception {
    Assumptions.assumeTrue(io != IoStyle.VIRTUAL || VirtualThreads.available(),
        () -> "skipped: --io virtual " + VirtualThreads.requirement());
    Map<String, String> expected = MixedUrls.expected(server.url());
    List<String> urls = List.copyOf(expected.keySet());
    // Batches of 3 put the slow and failing URLs in different partitions, with others beside them.
    Job job = MixedUrls.job(urls, io, 3);
    List<JobRunner> runners = List.of(LocalRunner.sequential(), LocalRunner.threads(WORKERS + 1),
        new ActorRunner(ScatterConfig.load(), WORKERS, TaskRegistry.load()));
    // The modes run at once: each waits out the slow URL's timeout, and those waits need not add up.
    ExecutorService pool = Executors.newFixedThreadPool(runners.size());
    try {
      List<Future<RunResult>> results = new ArrayList<>();
      for (JobRunner runner : runners) {
        results.add(pool.submit(() -> runner.run(job.rerun(), ProgressListener.NONE)));
      }
      for (int i = 0; i < runners.size(); i++) {
        RunResult result = results.get(i).get();
        String label = io.label() + "/" + runners.get(i).mode().label();
        assertEquals(new ArrayList<>(expected.values()), MixedUrls.outcomes(result.value(), urls), label);
        assertEquals(0, result.stats().retries(), label + ": a bad URL never fails its batch");
      }
    } finally {
      pool.shutdownNow();
      runners.forEach(JobRunner::close);
    }
  }
}
