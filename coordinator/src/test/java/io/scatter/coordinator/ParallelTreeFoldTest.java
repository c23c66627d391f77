package io.scatter.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.protocol.LongRange;
import io.scatter.task.BoundTask;
import io.scatter.task.RangeTask;
import io.scatter.task.TaskParams;
import io.scatter.task.builtin.NestedProductTask;
import io.scatter.time.Ticker;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

final class ParallelTreeFoldTest {

  private static final Job CONCAT = TestTasks.job("test-concat", Map.of(), new LongRange(0, 1000), 37, 3);
  private static final int POOL_THREADS = 3;

  @Test
  void result_mergesOnAPool_isTheLeftFoldInIndexOrder() {
    // Concatenation is associative but not commutative: any merge out of order shows in the answer.
    for (long seed = 0; seed < 20; seed++) {
      List<Long> order = new ArrayList<>();
      for (long i = 0; i < CONCAT.partitionCount(); i++) {
        order.add(i);
      }
      Collections.shuffle(order, new Random(seed));
      try (CombinePool pool = new CombinePool(POOL_THREADS)) {
        ResultAggregator aggregator = new ResultAggregator(CONCAT.task(), CONCAT.partitionCount(), pool, Ticker.system());
        for (long index : order) {
          aggregator.accept(index, CONCAT.task().compute(CONCAT.plan().partition(index)));
        }
        assertEquals(leftFold(CONCAT), aggregator.result(), "seed " + seed);
      }
    }
  }

  @Test
  void result_nestedProductOnAPool_isTheSequentialAnswer() {
    NestedProductTask task = new NestedProductTask();
    BoundTask bound = new BoundTask(task, TaskParams.validate(task.name(), task.params(), Map.of("n", "32")));
    Object sequential = bound.compute(new LongRange(1, 32));
    try (CombinePool pool = new CombinePool(2)) {
      ParallelTreeFold fold = new ParallelTreeFold(bound, pool, Ticker.system());
      for (long i = 1; i < 32; i++) {
        fold.push(bound.compute(new LongRange(i, i + 1)));
      }
      assertEquals(sequential, fold.result());
      assertEquals(324_809, ((BigInteger) fold.result()).bitLength());
      assertTrue(fold.combineNanos() > 0, "the merges were timed");
    }
  }

  /** n = 63's last multiplies are of 1.6M-bit numbers: they split, half on the pool's idle thread. */
  @Test
  void result_nestedProductWhoseLastMultipliesSplit_isTheSequentialAnswer() {
    NestedProductTask task = new NestedProductTask();
    BoundTask bound = new BoundTask(task, TaskParams.validate(task.name(), task.params(), Map.of("n", "63")));
    List<Object> partials = new ArrayList<>();
    for (long i = 1; i < 63; i++) {
      partials.add(bound.compute(new LongRange(i, i + 1)));
    }
    ParallelTreeFold inline = new ParallelTreeFold(bound, CombinePool.INLINE, Ticker.system());
    partials.forEach(inline::push);
    try (CombinePool pool = new CombinePool(2)) {
      ParallelTreeFold fold = new ParallelTreeFold(bound, pool, Ticker.system());
      partials.forEach(fold::push);
      assertEquals(inline.result(), fold.result());
      assertEquals(3_275_295, ((BigInteger) fold.result()).bitLength());
    }
  }

  @Test
  void spare_runsAPartOnAnIdleThread_andRefusesWhileEveryThreadOfTheJobIsBusy() throws Exception {
    try (CombinePool pool = new CombinePool(1)) {
      CountDownLatch ran = new CountDownLatch(1);
      pool.spare().execute(ran::countDown);
      assertTrue(ran.await(10, TimeUnit.SECONDS), "an idle thread ran the part");

      CountDownLatch mergeRunning = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      pool.execute(() -> {
        mergeRunning.countDown();
        awaitQuietly(release);
      });
      assertTrue(mergeRunning.await(10, TimeUnit.SECONDS));
      try {
        assertThrows(RejectedExecutionException.class, () -> pool.spare().execute(() -> { }),
            "its one thread is busy: the merge does the part itself, never waits for a thread");
      } finally {
        release.countDown();
      }
    }
  }

  /** Only a merge run on the pool is offered its idle threads: the sequential baseline stays one thread. */
  @Test
  void inlineMerges_areNeverOfferedASpareThread() {
    AtomicInteger offered = new AtomicInteger();
    RangeTask<String> concat = new TestTasks.Concat() {
      @Override
      public String combine(String left, String right, Executor spare) {
        offered.incrementAndGet();
        return combine(left, right);
      }
    };
    BoundTask bound = new BoundTask(concat, TaskParams.validate("test-concat", List.of(), Map.of()));
    ParallelTreeFold fold = new ParallelTreeFold(bound, CombinePool.INLINE, Ticker.system());
    for (long i = 0; i < 9; i++) {
      fold.push(bound.compute(new LongRange(i, i + 1)));
    }
    assertEquals("0-1;1-2;2-3;3-4;4-5;5-6;6-7;7-8;8-9;", fold.result());
    assertEquals(0, offered.get());
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void push_expensiveMerges_runOnThePoolsThreads() {
    Set<String> threads = ConcurrentHashMap.newKeySet();
    AtomicInteger handedOver = new AtomicInteger();
    SteppingTicker ticker = new SteppingTicker(Duration.ofMillis(1).toNanos()); // every merge seems to take 1 ms
    try (CombinePool pool = new CombinePool(2)) {
      ParallelTreeFold fold = new ParallelTreeFold(CONCAT.task(), merge -> pool.execute(() -> {
        handedOver.incrementAndGet();
        threads.add(Thread.currentThread().getName());
        merge.run();
      }), ticker);
      for (long i = 0; i < CONCAT.partitionCount(); i++) {
        fold.push(CONCAT.task().compute(CONCAT.plan().partition(i)));
      }
      assertEquals(leftFold(CONCAT), fold.result());
    }
    // 36 merges, every one on the pool.
    assertEquals(CONCAT.partitionCount() - 1, handedOver.get());
    assertTrue(threads.stream().allMatch(name -> name.startsWith("scatter-combine-")), threads.toString());
  }

  @Test
  void push_cheapMerges_runOnThePushingThreadOnceTheirLevelWasMeasured() {
    AtomicInteger handedOver = new AtomicInteger();
    SteppingTicker ticker = new SteppingTicker(10);
    // A pool that runs each merge at once, so each level's first merge is measured before the next push.
    ParallelTreeFold fold = new ParallelTreeFold(CONCAT.task(), merge -> {
      handedOver.incrementAndGet();
      merge.run();
    }, ticker);
    for (long i = 0; i < CONCAT.partitionCount(); i++) {
      fold.push(CONCAT.task().compute(CONCAT.plan().partition(i)));
    }
    assertEquals(leftFold(CONCAT), fold.result());
    // 37 = 32 + 4 + 1: merges at levels 0 to 5, the first of each on the pool; the other 30 inline.
    assertEquals(6, handedOver.get());
  }

  @Test
  void combineNanos_levelsTooCheapToTime_areEstimatedWithoutReadingTheClock() {
    int partials = 4096;
    SteppingTicker ticker = new SteppingTicker(10); // every timed merge takes 10 ns
    ParallelTreeFold fold = new ParallelTreeFold(CONCAT.task(), CombinePool.INLINE, ticker);
    for (int i = 0; i < partials; i++) {
      fold.push("");
    }
    assertEquals("", fold.result());
    assertEquals((partials - 1) * 10L, fold.combineNanos(), "every merge counted, the untimed ones at their level's mean");
    // Each level times its first 16 merges, 2 readings each: 2 * (16 * 8 + 8 + 4 + 2 + 1), against 2 * 4095 before.
    assertEquals(2 * (ParallelTreeFold.TIMED_BEFORE_ESTIMATE * 8 + 15), ticker.reads.get());
  }

  @Test
  void result_nothingPushed_isTheIdentity() {
    try (CombinePool pool = new CombinePool(1)) {
      assertEquals(CONCAT.task().identity(), new ParallelTreeFold(CONCAT.task(), pool, Ticker.system()).result());
    }
  }

  /** A ticker that moves {@code step} nanoseconds at every reading: each timed merge seems to take that long. */
  private static final class SteppingTicker implements Ticker {
    private final long step;
    private final AtomicLong nanos = new AtomicLong();
    final AtomicInteger reads = new AtomicInteger();

    SteppingTicker(long step) {
      this.step = step;
    }

    @Override
    public long read() {
      reads.incrementAndGet();
      return nanos.addAndGet(step);
    }

    @Override
    public Instant instant() {
      return Instant.EPOCH;
    }
  }

  private static String leftFold(Job job) {
    Object result = job.task().identity();
    for (long i = 0; i < job.partitionCount(); i++) {
      result = job.task().combine(result, job.task().compute(job.plan().partition(i)));
    }
    return (String) result;
  }
}
