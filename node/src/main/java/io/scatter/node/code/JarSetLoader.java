package io.scatter.node.code;

import io.scatter.task.BoundTask;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The class loader of one set of uploaded jars. Its parent is scatter's own loader, and the
 * packages scatter and its runtime are made of ({@link #SHARED}) always come from the parent: a
 * jar that carries a class of those packages (a "better" {@code io.scatter.task.builtin.PrimesTask},
 * its own Pekko) never has it loaded, so a task cannot replace what the node runs it with, and the
 * SPI the node calls is the one the task implements. Every other class is looked up in the jars
 * first, so a task's own libraries win over a version scatter happens to ship.
 */
public final class JarSetLoader extends URLClassLoader {

  /** Packages always loaded by the parent (the JDK's own always are). */
  static final List<String> SHARED = List.of("io.scatter.", "org.apache.pekko.", "scala.", "org.slf4j.",
      "com.esotericsoftware.", "com.typesafe.config.");

  static {
    registerAsParallelCapable();
  }

  private final Map<String, Path> jars;

  /** @param jars digest to file, in lookup order; each already checked against its digest */
  JarSetLoader(Map<String, Path> jars, ClassLoader parent) {
    super("scatter-jars-" + String.join("-", jars.keySet().stream().map(JarDigest::shortly).toList()),
        urls(jars), parent);
    this.jars = new LinkedHashMap<>(jars);
  }

  /** The jars' digests and files, in lookup order. */
  public Map<String, Path> jars() {
    return Map.copyOf(jars);
  }

  /** The jars {@code task} comes from, digest to file; empty for a task on the classpath. */
  public static Optional<Map<String, Path>> jarsOf(BoundTask task) {
    return task.task().getClass().getClassLoader() instanceof JarSetLoader loader
        ? Optional.of(loader.jars()) : Optional.empty();
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (isShared(name)) {
      return getParent().loadClass(name); // never findClass: the jar's copy is not even looked at
    }
    synchronized (getClassLoadingLock(name)) {
      Class<?> loaded = findLoadedClass(name);
      if (loaded == null) {
        try {
          loaded = findClass(name);
        } catch (ClassNotFoundException notInJars) {
          loaded = getParent().loadClass(name);
        }
      }
      if (resolve) {
        resolveClass(loaded);
      }
      return loaded;
    }
  }

  static boolean isShared(String className) {
    if (className.startsWith("java.") || className.startsWith("javax.") || className.startsWith("jdk.")
        || className.startsWith("sun.")) {
      return true;
    }
    for (String prefix : SHARED) {
      if (className.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private static URL[] urls(Map<String, Path> jars) {
    return jars.values().stream().map(path -> {
      try {
        return path.toUri().toURL();
      } catch (MalformedURLException e) {
        throw new IllegalArgumentException("cannot name " + path + " as a URL: " + e.getMessage(), e);
      }
    }).toArray(URL[]::new);
  }
}
