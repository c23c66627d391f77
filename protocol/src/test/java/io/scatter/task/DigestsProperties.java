package io.scatter.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

final class DigestsProperties {

  /** A number is printed whole exactly when its decimal form fits in maxDigits; otherwise it is summarised. */
  @Property
  void summarise_anyPositiveNumber_printsWholeExactlyWhenItFits(
      @ForAll @IntRange(min = 1, max = 80) int digits, @ForAll @IntRange(min = 1, max = 60) int maxDigits,
      @ForAll long seed) {
    BigInteger value = withDigits(digits, new Random(seed));

    String summary = Digests.summarise(value, maxDigits);

    String expected = digits <= maxDigits
        ? value.toString()
        : String.format(Locale.ROOT, "%,d bits, sha256 %s", value.bitLength(), Digests.shortSha256(value));
    assertEquals(expected, summary);
  }

  /** A uniformly random number with exactly {@code digits} decimal digits. */
  private static BigInteger withDigits(int digits, Random random) {
    BigInteger low = BigInteger.TEN.pow(digits - 1);
    BigInteger span = BigInteger.TEN.pow(digits).subtract(low);
    BigInteger offset;
    do {
      offset = new BigInteger(span.bitLength(), random);
    } while (offset.compareTo(span) >= 0);
    return low.add(offset);
  }
}
