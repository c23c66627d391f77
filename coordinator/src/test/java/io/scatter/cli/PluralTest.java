package io.scatter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

final class PluralTest {

  @Test
  void of_one_isSingular() {
    assertEquals("1 node", Plural.of(1, "node"));
    assertEquals("1 batch", Plural.of(1, "batch", "batches"));
  }

  @Test
  void of_zeroOrMany_isPluralWithGroupedDigits() {
    assertEquals("0 URLs", Plural.of(0, "URL"));
    assertEquals("10,000 batches", Plural.of(10_000, "batch", "batches"));
  }
}
