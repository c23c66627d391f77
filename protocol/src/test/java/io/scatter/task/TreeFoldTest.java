package io.scatter.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.scatter.protocol.LongRange;
import io.scatter.task.builtin.NestedProductTask;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

final class TreeFoldTest {

  /** String concatenation: associative, not commutative, so any reordering would show. */
  private static final RangeTask<String> CONCAT = new RangeTask<>() {
    @Override
    public String name() {
      return "concat";
    }

    @Override
    public String description() {
      return "joins the numbers";
    }

    @Override
    public String identity() {
      return "";
    }

    @Override
    public String compute(TaskParams params, long from, long to) {
      StringBuilder text = new StringBuilder();
      for (long i = from; i < to; i++) {
        text.append(i).append(',');
      }
      return text.toString();
    }

    @Override
    public String combine(String left, String right) {
      return left + right;
    }
  };

  private static BoundTask concat() {
    return new BoundTask(CONCAT, TaskParams.validate("concat", List.of(), Map.of()));
  }

  @Test
  void result_nothingPushed_isTheIdentity() {
    assertEquals("", new TreeFold(concat()).result());
  }

  @Test
  void result_anyCount_isTheLeftFoldInOrder() {
    for (int count = 1; count <= 70; count++) {
      TreeFold fold = new TreeFold(concat());
      String expected = "";
      for (int i = 0; i < count; i++) {
        fold.push(i + ",");
        expected += i + ",";
      }
      assertEquals(expected, fold.result(), "after " + count);
      assertEquals(count, fold.count());
    }
  }

  @Test
  void result_ofRandomSlicesOfARange_isTheWholeRangesResult() {
    BoundTask product = new BoundTask(new NestedProductTask(),
        TaskParams.validate("nested-product", new NestedProductTask().params(), Map.of("n", "7")));
    Object whole = product.compute(new LongRange(1, 200));
    Random random = new Random(19);
    for (int run = 0; run < 20; run++) {
      TreeFold fold = new TreeFold(product);
      List<Long> cuts = new ArrayList<>();
      long at = 1;
      while (at < 200) {
        long next = Math.min(200, at + 1 + random.nextInt(30));
        fold.push(product.compute(new LongRange(at, next)));
        cuts.add(next);
        at = next;
      }
      assertEquals((BigInteger) whole, fold.result(), "slices ending at " + cuts);
    }
  }
}
