package io.scatter.node.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

final class EnumLabelsTest {

  private enum Colour { DARK_RED, BLUE }

  @Test
  void label_isTheLowerCaseName() {
    assertEquals("dark_red", EnumLabels.label(Colour.DARK_RED));
  }

  @Test
  void parse_ignoresCaseAndSurroundingBlanks() {
    assertEquals(Colour.BLUE, EnumLabels.parse(Colour.class, "  Blue ", "colour"));
  }

  @Test
  void parse_unknown_namesTheTextAndListsTheLabelsInOrder() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EnumLabels.parse(Colour.class, "green", "colour"));
    assertEquals("unknown colour 'green'; expected one of: dark_red, blue", e.getMessage());
  }
}
