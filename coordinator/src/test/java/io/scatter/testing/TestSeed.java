package io.scatter.testing;

import java.util.Random;

/**
 * A test's randomness, replayable: the seed comes from {@code -Dscatter.test.seed=N} when given,
 * otherwise it is fresh, and it is printed either way, so a failure's output says how to run the
 * same choices again ({@code mvn ... -Dtest=ThatTest -Dscatter.test.seed=N}).
 */
public final class TestSeed {

  public static final String PROPERTY = "scatter.test.seed";

  private TestSeed() {
  }

  public static Random random(Class<?> test) {
    String given = System.getProperty(PROPERTY);
    long seed;
    try {
      seed = given != null ? Long.parseLong(given.strip()) : new Random().nextLong();
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("-D" + PROPERTY + " must be a whole number, got '" + given + "'");
    }
    System.out.println(test.getSimpleName() + ": random seed " + seed + " (replay: -D" + PROPERTY + "=" + seed + ")");
    return new Random(seed);
  }
}
