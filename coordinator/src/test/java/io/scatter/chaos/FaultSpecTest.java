package io.scatter.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class FaultSpecTest {

  @Test
  void parse_killOfRandomNode_hasNoDuration() {
    FaultSpec spec = FaultSpec.parse("kill:RANDOM@40%");
    assertEquals(FaultSpec.Kind.KILL, spec.kind());
    assertEquals(FaultSpec.RANDOM, spec.target());
    assertEquals(0.40, spec.atFraction(), 1e-9);
    assertEquals(Optional.empty(), spec.duration());
  }

  @Test
  void parse_freezeWithSeconds_andCutoffWithMillis() {
    FaultSpec freeze = FaultSpec.parse("freeze:node-2@30%:5s");
    assertEquals(FaultSpec.Kind.FREEZE, freeze.kind());
    assertEquals("node-2", freeze.target());
    assertEquals(Optional.of(Duration.ofSeconds(5)), freeze.duration());
    assertEquals(Optional.of(Duration.ofMillis(2500)), FaultSpec.parse("cutoff:node-1@50%:2500ms").duration());
    assertEquals(Optional.of(Duration.ofMillis(2500)), FaultSpec.parse("freeze:node-1@12.5%:2.5s").duration());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "kill:node-1           | is malformed",
      "kill@40%              | is malformed",
      "explode:node-1@40%    | is malformed",
      "kill:node-1@140%      | between 0% and 100%",
      "kill:node-1@40%:5s    | a kill has no duration",
      "freeze:node-1@40%     | a freeze needs a duration",
      "cutoff:node-1@40%:0s  | a cutoff needs a duration"})
  void parse_badSpec_isRefusedNamingTheProblem(String text, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FaultSpec.parse(text.strip()));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
