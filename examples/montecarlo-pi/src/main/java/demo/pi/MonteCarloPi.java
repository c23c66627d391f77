package demo.pi;

import io.scatter.task.RangeTask;
import io.scatter.task.TaskParams;
import java.util.List;
import java.util.Locale;

/**
 * Estimates pi by throwing darts at the unit square: dart {@code n} lands where SplitMix64 of
 * {@code n} says, so every partition of the range throws the same darts in every run and mode, and
 * the estimate is exact to compare (a random generator per worker would give another answer each time).
 */
public final class MonteCarloPi implements RangeTask<MonteCarloPi.Darts> {

  /** The partial result: darts thrown and darts inside the quarter circle. A type of this jar's own. */
  public record Darts(long thrown, long inside) { }

  private static final double UNIT = 0x1.0p-53; // 53 random bits to a double in [0, 1)

  @Override
  public String name() {
    return "montecarlo-pi";
  }

  @Override
  public String description() {
    return "estimates pi from one dart per number of the range (deterministic)";
  }

  @Override
  public Darts identity() {
    return new Darts(0, 0);
  }

  @Override
  public Darts compute(TaskParams params, long from, long to) {
    long inside = 0;
    for (long n = from; n < to; n++) {
      long bits = mix(n);
      double x = (bits >>> 11) * UNIT;
      double y = (mix(bits) >>> 11) * UNIT;
      if (x * x + y * y < 1.0) {
        inside++;
      }
    }
    return new Darts(to - from, inside);
  }

  @Override
  public Darts combine(Darts left, Darts right) {
    return new Darts(left.thrown() + right.thrown(), left.inside() + right.inside());
  }

  @Override
  public String render(Darts darts) {
    double pi = darts.thrown() == 0 ? 0 : 4.0 * darts.inside() / darts.thrown();
    return String.format(Locale.ROOT, "pi ~ %.6f (%d of %d darts inside)", pi, darts.inside(), darts.thrown());
  }

  /** Sent across JVMs: registered with scatter's wire format for this task's jobs. */
  @Override
  public List<Class<?>> resultTypes() {
    return List.of(Darts.class);
  }

  /** SplitMix64's finalizer: a well-mixed 64-bit value for each input. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
