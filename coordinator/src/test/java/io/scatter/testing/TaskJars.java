package io.scatter.testing;

import io.scatter.task.RangeTask;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A user's task jar, built at test time as a user builds one: sources compiled with javac against
 * scatter's classes (never on the classpath of the JVMs that will run it), packed with their
 * {@code META-INF/services} file. Real files, so uploads, digests and class loaders are the real ones.
 */
public final class TaskJars {

  private static final String SERVICE_FILE = "META-INF/services/" + RangeTask.class.getName();

  private TaskJars() {
  }

  /** A jar of one task, {@code count}: how many numbers the range has (its answer for 0..n is n). */
  public static Path count(Path dir) throws IOException {
    return build(dir, "count", Map.of("demo.Count", """
        package demo;
        import io.scatter.task.RangeTask;
        import io.scatter.task.TaskParams;
        public final class Count implements RangeTask<Long> {
          @Override public String name() { return "count"; }
          @Override public String description() { return "how many numbers"; }
          @Override public Long identity() { return 0L; }
          @Override public Long compute(TaskParams params, long from, long to) { return to - from; }
          @Override public Long combine(Long left, Long right) { return left + right; }
        }
        """), List.of("demo.Count"));
  }

  /**
   * @param sources class name to source, compiled together
   * @param tasks   the classes the service file lists
   */
  public static Path build(Path dir, String name, Map<String, String> sources, List<String> tasks) throws IOException {
    Path sourceDir = Files.createDirectories(dir.resolve(name + "-src"));
    Path classesDir = Files.createDirectories(dir.resolve(name + "-classes"));
    List<String> args = new ArrayList<>(List.of("--release", "17", "-classpath", classpath(), "-d",
        classesDir.toString()));
    for (Map.Entry<String, String> source : sources.entrySet()) {
      Path file = sourceDir.resolve(source.getKey().replace('.', File.separatorChar) + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, source.getValue());
      args.add(file.toString());
    }
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    int status = compiler.run(null, null, new PrintStream(diagnostics, true, StandardCharsets.UTF_8),
        args.toArray(String[]::new));
    if (status != 0) {
      throw new IllegalStateException("javac failed:\n" + diagnostics.toString(StandardCharsets.UTF_8));
    }
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    Path jar = dir.resolve(name + ".jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
        Stream<Path> files = Files.walk(classesDir)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        put(out, classesDir.relativize(file).toString().replace(File.separatorChar, '/'), Files.readAllBytes(file));
      }
      put(out, SERVICE_FILE, (String.join("\n", tasks) + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return jar;
  }

  /** The test classpath, plus the SPI's own location (Surefire may hand the JVM a manifest-only jar). */
  private static String classpath() {
    try {
      String spi = Path.of(RangeTask.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
      return System.getProperty("java.class.path") + File.pathSeparator + spi;
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void put(JarOutputStream out, String name, byte[] bytes) throws IOException {
    out.putNextEntry(new JarEntry(name));
    out.write(bytes);
    out.closeEntry();
  }
}
