package io.scatter.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class LongRangeTest {

  @Test
  void parse_simpleRange_givesBounds() {
    assertEquals(new LongRange(0, 10), LongRange.parse("0..10"));
  }

  @Test
  void parse_negativeFrom_givesBounds() {
    assertEquals(new LongRange(-5, 5), LongRange.parse("-5..5"));
  }

  @Test
  void parse_underscoreSeparators_areIgnored() {
    assertEquals(new LongRange(0, 50_000_000), LongRange.parse("0..50_000_000"));
  }

  @Test
  void parse_fullLongRange_givesBounds() {
    assertEquals(new LongRange(Long.MIN_VALUE, Long.MAX_VALUE), LongRange.parse("-9223372036854775808..9223372036854775807"));
  }

  @Test
  void parse_equalBounds_givesEmptyRange() {
    LongRange range = LongRange.parse("5..5");

    assertTrue(range.isEmpty());
    assertEquals(0, range.size());
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "1-2", "1..", "..5", "1..2..3", "", "..", "a..5", "1..b", "0..9223372036854775808"})
  void parse_malformedText_throwsNamingText(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LongRange.parse(text));

    assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
    assertTrue(e.getMessage().contains("malformed"), e.getMessage());
  }

  @Test
  void parse_missingDots_explainsExpectedForm() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LongRange.parse("1-2"));

    assertTrue(e.getMessage().contains("FROM..TO"), e.getMessage());
  }

  @Test
  void parse_badBound_namesWhichBound() {
    IllegalArgumentException from = assertThrows(IllegalArgumentException.class, () -> LongRange.parse("x..5"));
    IllegalArgumentException to = assertThrows(IllegalArgumentException.class, () -> LongRange.parse("1..y"));

    assertTrue(from.getMessage().contains("FROM 'x'"), from.getMessage());
    assertTrue(to.getMessage().contains("TO 'y'"), to.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"10..5", "0..-1", "9223372036854775807..-9223372036854775808"})
  void parse_reversedRange_throwsSayingReversed(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LongRange.parse(text));

    assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
    assertTrue(e.getMessage().contains("reversed"), e.getMessage());
  }

  @Test
  void constructor_reversedBounds_throwsSayingReversed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LongRange(1, 0));

    assertTrue(e.getMessage().contains("reversed"), e.getMessage());
  }

  @Test
  void size_fullRange_isUnsigned() {
    LongRange full = new LongRange(Long.MIN_VALUE, Long.MAX_VALUE);

    assertEquals("18446744073709551615", Long.toUnsignedString(full.size()));
    assertTrue(Long.compareUnsigned(full.size(), Long.MAX_VALUE) > 0);
    assertFalse(full.isEmpty());
  }

  @Test
  void size_ordinaryRange_isElementCount() {
    assertEquals(10, new LongRange(-5, 5).size());
  }
}
