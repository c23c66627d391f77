package io.scatter.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.protocol.LongRange;
import io.scatter.protocol.TaskRef;
import io.scatter.task.builtin.CollatzTask;
import io.scatter.task.builtin.NestedProductTask;
import io.scatter.task.builtin.PrimesTask;
import io.scatter.task.builtin.SpinTask;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

final class TaskRegistryTest {

  static final List<String> BUILT_INS = List.of("collatz", "nested-product", "primes", "spin");

  private final TaskRegistry registry = TaskRegistry.load(TaskRegistryTest.class.getClassLoader());

  @Test
  void load_applicationClassLoader_findsTheFourBuiltIns() {
    Set<String> names = registry.all().stream().map(RangeTask::name).collect(Collectors.toSet());

    assertTrue(names.containsAll(BUILT_INS), names::toString);
    assertInstanceOf(PrimesTask.class, registry.get("primes"));
    assertInstanceOf(SpinTask.class, registry.get("spin"));
    assertInstanceOf(CollatzTask.class, registry.get("collatz"));
    assertInstanceOf(NestedProductTask.class, registry.get("nested-product"));
  }

  /**
   * {@code load()} looks where the thread's context class loader looks (a node that adds a jar
   * sets it). The test's loader is the context loader here, so comparing the two would prove
   * nothing; a context loader that sees no service files must find no task.
   */
  @Test
  void load_noArgument_usesTheContextClassLoader() throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader original = thread.getContextClassLoader();
    try (URLClassLoader seesNothing = new URLClassLoader(new URL[0], null)) {
      thread.setContextClassLoader(seesNothing);
      assertTrue(TaskRegistry.load().all().isEmpty(), () -> TaskRegistry.load().all().toString());
      thread.setContextClassLoader(TaskRegistryTest.class.getClassLoader());
      assertEquals(Set.copyOf(BUILT_INS),
          TaskRegistry.load().all().stream().map(RangeTask::name).filter(BUILT_INS::contains).collect(Collectors.toSet()));
    } finally {
      thread.setContextClassLoader(original);
    }
  }

  @Test
  void all_builtIns_areSortedByName() {
    List<String> names = registry.all().stream().map(RangeTask::name).toList();

    assertEquals(names.stream().sorted().toList(), names);
  }

  @Test
  void get_unknownTask_throwsListingAvailableNames() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registry.get("fibonacci"));

    assertTrue(e.getMessage().contains("'fibonacci'"), e.getMessage());
    assertTrue(e.getMessage().contains("available: " + String.join(", ", BUILT_INS)), e.getMessage());
  }

  @Test
  void bind_unknownParameter_throwsNamingIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> registry.bind(new TaskRef("spin", Map.of("nanos", "5"))));

    assertTrue(e.getMessage().contains("'nanos'"), e.getMessage());
    assertTrue(e.getMessage().contains("ns"), e.getMessage());
  }

  @Test
  void bind_parameterOfWrongType_throwsNamingParameterAndType() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> registry.bind(new TaskRef("nested-product", Map.of("n", "fifty"))));

    assertTrue(e.getMessage().contains("'n'"), e.getMessage());
    assertTrue(e.getMessage().contains("must be a long"), e.getMessage());
  }

  @Test
  void bind_parameterForTaskWithoutParameters_throws() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> registry.bind(new TaskRef("primes", Map.of("limit", "5"))));

    assertTrue(e.getMessage().contains("takes none"), e.getMessage());
  }

  @Test
  void bind_unknownTask_throwsListingAvailableNames() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> registry.bind(new TaskRef("nope", Map.of())));

    assertTrue(e.getMessage().contains("available: "), e.getMessage());
  }

  @Test
  void bind_validParameters_computesThroughBoundTask() {
    BoundTask bound = registry.bind(new TaskRef("primes", Map.of()));

    assertEquals("primes", bound.name());
    assertEquals(25L, bound.compute(new LongRange(0, 100)));
    assertEquals(25L, bound.combine(bound.compute(new LongRange(0, 50)), bound.compute(new LongRange(50, 100))));
    assertEquals("25", bound.render(25L));
  }

  @Test
  void bind_defaultsOnly_carriesDefaultsInParams() {
    BoundTask bound = registry.bind(new TaskRef("spin", Map.of()));

    assertEquals(Set.of("ns"), bound.params().asStrings().keySet());
    assertEquals(bound.params(), registry.bind(new TaskRef("spin", bound.params().asStrings())).params());
  }
}
