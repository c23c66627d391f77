package io.scatter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What the demo says about the machine's load beside its speedups. */
final class MachineLoadTest {

  @Test
  void describe_loadAboveTheCores_saysTheSpeedupsMayBeUnderstated() {
    MachineLoad load = new MachineLoad(2.61, 2);

    assertTrue(load.busy());
    assertEquals("load average 2.61 on 2 cores: the machine was busy with other work, so the speedups above may be "
        + "understated", load.describe());
  }

  @Test
  void describe_loadWithinTheCores_givesTheNumbersAlone() {
    MachineLoad load = new MachineLoad(1.5, 2);

    assertFalse(load.busy());
    assertEquals("load average 1.50 on 2 cores", load.describe());
  }

  @Test
  void describe_noLoadAverage_saysSo() {
    assertEquals("load average: not reported on this system, so other work on it cannot be told apart",
        new MachineLoad(-1, 4).describe());
  }

  @Test
  void max_isTheBusierReading() {
    assertEquals(new MachineLoad(3.0, 2), new MachineLoad(0.5, 2).max(new MachineLoad(3.0, 2)));
    assertEquals(new MachineLoad(3.0, 2), new MachineLoad(3.0, 2).max(new MachineLoad(0.5, 2)));
  }

  @Test
  void now_readsThisMachine() {
    MachineLoad now = MachineLoad.now();

    assertEquals(Runtime.getRuntime().availableProcessors(), now.cores());
    assertTrue(now.describe().startsWith("load average"), now.describe());
  }
}
