package io.scatter.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.protocol.LongRange;
import io.scatter.protocol.RangePlan;
import io.scatter.protocol.TaskRef;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task shipped in its own jar, compiled at test time against the task SPI only, is found next to
 * the built-ins when that jar is on the class loader, and only then.
 */
final class UserTaskFromSeparateJarTest {

  private static final String SERVICE_FILE = "META-INF/services/" + RangeTask.class.getName();
  private static final String SUM_SQUARES_CLASS = "com.example.tasks.SumSquaresTask";
  private static final String SUM_SQUARES_SOURCE = """
      package com.example.tasks;

      import io.scatter.task.ParamSpec;
      import io.scatter.task.RangeTask;
      import io.scatter.task.TaskParams;
      import java.util.List;

      /** Sum of (n + offset)^2 over the range. */
      public final class SumSquaresTask implements RangeTask<Long> {
        @Override public String name() { return "sum-squares"; }
        @Override public String description() { return "sum of (n + offset)^2 over the range"; }
        @Override public List<ParamSpec> params() {
          return List.of(ParamSpec.optional("offset", ParamSpec.Type.LONG, "0", "added to n before squaring"));
        }
        @Override public Long identity() { return 0L; }
        @Override public Long compute(TaskParams params, long from, long to) {
          long offset = params.getLong("offset");
          long sum = 0;
          for (long n = from; n < to; n++) {
            long m = n + offset;
            sum = Math.addExact(sum, Math.multiplyExact(m, m));
          }
          return sum;
        }
        @Override public Long combine(Long left, Long right) { return Math.addExact(left, right); }
      }
      """;
  private static final String IMPOSTOR_CLASS = "com.example.tasks.ImpostorPrimesTask";
  private static final String IMPOSTOR_SOURCE = """
      package com.example.tasks;

      import io.scatter.task.RangeTask;
      import io.scatter.task.TaskParams;

      /** Claims a built-in's name. */
      public final class ImpostorPrimesTask implements RangeTask<Long> {
        @Override public String name() { return "primes"; }
        @Override public String description() { return "not the real primes task"; }
        @Override public Long identity() { return 0L; }
        @Override public Long compute(TaskParams params, long from, long to) { return 0L; }
        @Override public Long combine(Long left, Long right) { return left + right; }
      }
      """;

  @TempDir
  static Path workDir;
  private static Path sumSquaresJar;
  private static Path impostorJar;

  @BeforeAll
  static void buildJars() throws IOException, URISyntaxException {
    sumSquaresJar = buildTaskJar("sum-squares", SUM_SQUARES_CLASS, SUM_SQUARES_SOURCE);
    impostorJar = buildTaskJar("impostor", IMPOSTOR_CLASS, IMPOSTOR_SOURCE);
  }

  @Test
  void load_withUserJar_findsUserTaskNextToBuiltIns() throws IOException {
    try (URLClassLoader loader = loaderWith(sumSquaresJar)) {
      TaskRegistry registry = TaskRegistry.load(loader);

      Set<String> names = registry.all().stream().map(RangeTask::name).collect(Collectors.toSet());
      assertTrue(names.contains("sum-squares"), names::toString);
      assertTrue(names.containsAll(TaskRegistryTest.BUILT_INS), names::toString);
      RangeTask<?> task = registry.get("sum-squares");
      assertEquals(SUM_SQUARES_CLASS, task.getClass().getName());
      assertSame(loader, task.getClass().getClassLoader(), "the task class comes from the user jar");
    }
  }

  @Test
  void bind_userTask_computesSumOfSquares() throws IOException {
    try (URLClassLoader loader = loaderWith(sumSquaresJar)) {
      BoundTask task = TaskRegistry.load(loader).bind(new TaskRef("sum-squares", Map.of()));

      assertEquals(squareSumUpTo(100), task.compute(new LongRange(1, 101)));
      assertEquals(0L, task.compute(new LongRange(7, 7)));
    }
  }

  @Test
  void bind_userTaskInPartitions_equalsWholeRangeAndFormula() throws IOException {
    try (URLClassLoader loader = loaderWith(sumSquaresJar)) {
      BoundTask task = TaskRegistry.load(loader).bind(new TaskRef("sum-squares", Map.of("offset", "10")));
      RangePlan plan = RangePlan.byCount(new LongRange(1, 91), 7);

      Object total = task.identity();
      for (long i = 0; i < plan.count(); i++) {
        total = task.combine(total, task.compute(plan.partition(i)));
      }

      // n + 10 runs over 11..100
      assertEquals(squareSumUpTo(100) - squareSumUpTo(10), total);
      assertEquals(task.compute(new LongRange(1, 91)), total);
    }
  }

  @Test
  void bind_userTaskWithBadParameter_throwsNamingIt() throws IOException {
    try (URLClassLoader loader = loaderWith(sumSquaresJar)) {
      TaskRegistry registry = TaskRegistry.load(loader);

      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> registry.bind(new TaskRef("sum-squares", Map.of("offset", "ten"))));
      assertTrue(e.getMessage().contains("'offset'"), e.getMessage());
      assertTrue(e.getMessage().contains("'sum-squares'"), e.getMessage());
    }
  }

  @Test
  void load_withoutUserJar_doesNotKnowUserTask() {
    TaskRegistry registry = TaskRegistry.load(getClass().getClassLoader());

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registry.get("sum-squares"));
    assertTrue(e.getMessage().contains("available: " + String.join(", ", TaskRegistryTest.BUILT_INS)), e.getMessage());
    assertThrows(ClassNotFoundException.class, () -> Class.forName(SUM_SQUARES_CLASS, false, getClass().getClassLoader()));
  }

  @Test
  void load_userTaskReusingBuiltInName_throwsNamingBothClasses() throws IOException {
    try (URLClassLoader loader = loaderWith(impostorJar)) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> TaskRegistry.load(loader));

      assertTrue(e.getMessage().contains("'primes'"), e.getMessage());
      assertTrue(e.getMessage().contains(IMPOSTOR_CLASS), e.getMessage());
      assertTrue(e.getMessage().contains("io.scatter.task.builtin.PrimesTask"), e.getMessage());
    }
  }

  private URLClassLoader loaderWith(Path jar) throws IOException {
    return new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader());
  }

  /** 1^2 + 2^2 + ... + n^2. */
  private static long squareSumUpTo(long n) {
    return n * (n + 1) * (2 * n + 1) / 6;
  }

  /** Compiles one task class against the test classpath and packs it with its service file into a jar. */
  private static Path buildTaskJar(String name, String className, String source) throws IOException, URISyntaxException {
    Path sourceDir = Files.createDirectories(workDir.resolve(name + "-src"));
    Path classesDir = Files.createDirectories(workDir.resolve(name + "-classes"));
    Path sourceFile = sourceDir.resolve(className.substring(className.lastIndexOf('.') + 1) + ".java");
    Files.writeString(sourceFile, source);

    // Surefire may hand the forked JVM a manifest-only jar; the SPI's own location is always usable.
    String spiLocation = Path.of(RangeTask.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    String classpath = System.getProperty("java.class.path") + File.pathSeparator + spiLocation;
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    int status = compiler.run(null, null, new PrintStream(diagnostics, true, StandardCharsets.UTF_8),
        "--release", "17", "-classpath", classpath, "-d", classesDir.toString(), sourceFile.toString());
    assertEquals(0, status, () -> "javac failed:\n" + diagnostics.toString(StandardCharsets.UTF_8));

    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    Path jar = workDir.resolve(name + ".jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
        Stream<Path> files = Files.walk(classesDir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        putEntry(out, classesDir.relativize(file).toString().replace(File.separatorChar, '/'), Files.readAllBytes(file));
      }
      putEntry(out, SERVICE_FILE, (className + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return jar;
  }

  private static void putEntry(JarOutputStream out, String name, byte[] bytes) throws IOException {
    out.putNextEntry(new JarEntry(name));
    out.write(bytes);
    out.closeEntry();
  }
}
