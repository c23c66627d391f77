package io.scatter.protocol.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.scatter.task.RangeTask;
import io.scatter.task.TaskParams;
import io.scatter.task.TaskRegistry;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class WireRegistryTest {

  record Alpha(long value) {
  }

  record Beta(String value) {
  }

  record Gamma(int value) {
  }

  /** Listed second in the services file but first by name: registration follows names. */
  public static final class AlphaTask extends ResultTypesOnly {
    public AlphaTask() {
      super("alpha-task", List.of(Gamma.class, Beta.class, Long.class));
    }
  }

  public static final class ZetaTask extends ResultTypesOnly {
    public ZetaTask() {
      super("zeta-task", List.of(Beta.class, Alpha.class));
    }
  }

  @Test
  void builtInIdsNeverChange() {
    Map<Integer, String> expected = new TreeMap<>(Map.ofEntries(
        Map.entry(0, "int"), Map.entry(1, "java.lang.String"), Map.entry(2, "float"), Map.entry(3, "boolean"),
        Map.entry(4, "byte"), Map.entry(5, "char"), Map.entry(6, "short"), Map.entry(7, "long"),
        Map.entry(8, "double"),
        Map.entry(10, "java.math.BigInteger"),
        Map.entry(11, "java.util.ImmutableCollections$ListN"),
        Map.entry(12, "java.util.ImmutableCollections$List12"),
        Map.entry(13, "java.util.ImmutableCollections$SetN"),
        Map.entry(14, "java.util.ImmutableCollections$Set12"),
        Map.entry(15, "java.util.ImmutableCollections$MapN"),
        Map.entry(16, "java.util.ImmutableCollections$Map1"),
        Map.entry(17, "java.util.ArrayList"),
        Map.entry(18, "java.util.HashMap"),
        Map.entry(20, "io.scatter.protocol.LongRange"),
        Map.entry(21, "io.scatter.protocol.Partition"),
        Map.entry(22, "io.scatter.protocol.TaskRef"),
        Map.entry(23, "io.scatter.protocol.PartitionOutcome$Completed"),
        Map.entry(24, "io.scatter.protocol.PartitionOutcome$Failed"),
        Map.entry(25, "io.scatter.protocol.WorkerCommand$Offer"),
        Map.entry(26, "io.scatter.protocol.WorkerCommand$Assign"),
        Map.entry(27, "io.scatter.protocol.WorkerCommand$JobEnded"),
        Map.entry(28, "io.scatter.protocol.CoordinatorCommand$Pull"),
        Map.entry(29, "org.apache.pekko.actor.typed.ActorRef"),
        Map.entry(30, "io.scatter.protocol.NodeControlCommand$Halt"),
        Map.entry(31, "io.scatter.protocol.NodeControlCommand$Freeze"),
        Map.entry(32, "io.scatter.protocol.NodeControlCommand$Cutoff"),
        Map.entry(33, "io.scatter.protocol.FaultAnswer$Obeyed"),
        Map.entry(34, "io.scatter.protocol.FaultAnswer$Refused"),
        Map.entry(35, "io.scatter.protocol.CoordinatorCommand$Return"),
        Map.entry(36, "io.scatter.protocol.WorkerCommand$ReturnReceived"),
        Map.entry(37, "io.scatter.protocol.CoordinatorCommand$Progress"),
        Map.entry(38, "io.scatter.protocol.PartialResult"),
        Map.entry(40, "io.scatter.task.builtin.CollatzTask$Longest"),
        // Format 6: a node fetches a job's uploaded jars in chunks of bytes.
        Map.entry(19, "[B"),
        Map.entry(48, "io.scatter.protocol.JarCommand$Fetch"),
        Map.entry(49, "io.scatter.protocol.JarCommand$JarChunk")));

    assertEquals(expected, WireRegistry.builtIn().table());
  }

  @Test
  void builtInTasksAddNothingBeyondTheTable() {
    assertEquals(WireRegistry.builtIn().table(), WireRegistry.forTasks(TaskRegistry.load()).table());
  }

  @Test
  void userResultTypesFollowTheBuiltInsInTaskNameOrder(@TempDir Path dir) throws Exception {
    Path services = dir.resolve("META-INF/services/" + RangeTask.class.getName());
    Files.createDirectories(services.getParent());
    Files.writeString(services, ZetaTask.class.getName() + "\n" + AlphaTask.class.getName() + "\n");

    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      Map<Integer, String> table = WireRegistry.forTasks(TaskRegistry.load(loader)).table();

      // Long is Kryo's own and Beta is already registered when zeta-task lists it: neither gets a new id.
      int first = WireRegistry.FIRST_TASK_TYPE_ID;
      assertEquals(Map.of(first, Gamma.class.getName(), first + 1, Beta.class.getName(), first + 2, Alpha.class.getName()),
          Map.copyOf(table.entrySet().stream().filter(e -> e.getKey() >= first)
              .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue))));
    }
  }

  @Test
  void registriesAgreeExactlyWhenTheirTypesAgree() {
    WireRegistry one = WireRegistry.withTaskTypes(List.of(Alpha.class, Beta.class));

    assertEquals(one.fingerprint(), WireRegistry.withTaskTypes(List.of(Alpha.class, Beta.class)).fingerprint());
    assertNotEquals(one.fingerprint(), WireRegistry.withTaskTypes(List.of(Beta.class, Alpha.class)).fingerprint());
    assertNotEquals(one.fingerprint(), WireRegistry.builtIn().fingerprint());
  }

  /**
   * Pinned: a change here means JVMs built before and after it can no longer talk. That is fine
   * when intended (raise {@link WireRegistry#FORMAT} for a new layout, append ids for new classes)
   * and then this value is updated with it; an unintended change fails here first.
   */
  @Test
  void builtInFingerprintIsPinnedToTheTableAndFormat() {
    assertEquals("d5b4d98f6dfd", WireRegistry.builtIn().fingerprint());
  }

  @Test
  void aNewFormatChangesTheFingerprintOfTheSameTable() {
    Map<Integer, String> table = WireRegistry.builtIn().table();

    assertEquals(WireRegistry.builtIn().fingerprint(), WireRegistry.fingerprint(WireRegistry.FORMAT, new TreeMap<>(table)));
    assertNotEquals(WireRegistry.fingerprint(WireRegistry.FORMAT - 1, new TreeMap<>(table)),
        WireRegistry.builtIn().fingerprint());
  }

  /** A task that exists only to declare result types. */
  abstract static class ResultTypesOnly implements RangeTask<Object> {
    private final String name;
    private final List<Class<?>> resultTypes;

    ResultTypesOnly(String name, List<Class<?>> resultTypes) {
      this.name = name;
      this.resultTypes = resultTypes;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String description() {
      return "test task";
    }

    @Override
    public Object identity() {
      return 0L;
    }

    @Override
    public Object compute(TaskParams params, long from, long to) {
      return 0L;
    }

    @Override
    public Object combine(Object left, Object right) {
      return left;
    }

    @Override
    public List<Class<?>> resultTypes() {
      return resultTypes;
    }
  }
}
