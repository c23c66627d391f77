package io.scatter.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.protocol.LongRange;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

final class ResultAggregatorTest {

  private static final Job CONCAT = TestTasks.job("test-concat", Map.of(), new LongRange(0, 1000), 37, 3);

  private static String expectedConcat(Job job) {
    StringBuilder expected = new StringBuilder();
    for (long i = 0; i < job.partitionCount(); i++) {
      LongRange range = job.plan().partition(i);
      expected.append(range.from()).append('-').append(range.to()).append(';');
    }
    return expected.toString();
  }

  @Test
  void result_resultsInRandomOrder_combinesInIndexOrder() {
    for (long seed = 0; seed < 20; seed++) {
      List<Long> order = new ArrayList<>();
      for (long i = 0; i < CONCAT.partitionCount(); i++) {
        order.add(i);
      }
      Collections.shuffle(order, new Random(seed));
      ResultAggregator aggregator = new ResultAggregator(CONCAT.task(), CONCAT.partitionCount());
      for (long index : order) {
        assertTrue(aggregator.accept(index, CONCAT.task().compute(CONCAT.plan().partition(index))));
      }
      assertTrue(aggregator.isComplete());
      assertEquals(expectedConcat(CONCAT), aggregator.result(), "seed " + seed);
    }
  }

  @Test
  void accept_secondResultForSameIndex_isDroppedAndCounted() {
    ResultAggregator aggregator = new ResultAggregator(CONCAT.task(), CONCAT.partitionCount());
    assertTrue(aggregator.accept(5, "first;"));
    assertFalse(aggregator.accept(5, "late;"));
    assertTrue(aggregator.accept(0, "zero;"));
    assertFalse(aggregator.accept(0, "late zero;"));
    assertEquals(2, aggregator.duplicates());
    assertEquals(2, aggregator.accepted());
  }

  @Test
  void accept_duplicateAfterFold_doesNotChangeAnswer() {
    ResultAggregator aggregator = new ResultAggregator(CONCAT.task(), 3);
    aggregator.accept(0, "a");
    aggregator.accept(1, "b");
    aggregator.accept(0, "X");
    aggregator.accept(2, "c");
    assertEquals("abc", aggregator.result());
    assertEquals(1, aggregator.duplicates());
  }

  @Test
  void accept_indexOutsideJob_isRefused() {
    ResultAggregator aggregator = new ResultAggregator(CONCAT.task(), 3);
    assertThrows(IllegalArgumentException.class, () -> aggregator.accept(3, "x"));
    assertThrows(IllegalArgumentException.class, () -> aggregator.accept(-1, "x"));
  }

  @Test
  void result_beforeAllPartitions_isRefused() {
    ResultAggregator aggregator = new ResultAggregator(CONCAT.task(), 3);
    aggregator.accept(0, "a");
    assertThrows(IllegalStateException.class, aggregator::result);
  }

  @Test
  void result_emptyJob_isIdentity() {
    ResultAggregator aggregator = new ResultAggregator(CONCAT.task(), 0);
    assertTrue(aggregator.isComplete());
    assertEquals("", aggregator.result());
  }
}
