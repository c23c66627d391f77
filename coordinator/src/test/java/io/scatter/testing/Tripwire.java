package io.scatter.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A class no wire registry lists, standing in for a deserialization gadget: loading it (its static
 * initializer) or building an instance leaves a file in the folder named by the system property
 * {@link #DIR_PROPERTY}, in whichever JVM that happens. A test that finds the folder empty knows the
 * JVM never initialized nor instantiated it.
 */
public final class Tripwire {

  /** Not under {@code scatter.}: scatter checks every key there and would refuse this one. */
  public static final String DIR_PROPERTY = "io.scatter.test.tripwire-dir";

  static {
    trip("initialized");
  }

  /** Some state for a serializer to fill. */
  public String payload;

  public Tripwire() {
    trip("constructed");
  }

  public Tripwire(String payload) {
    this();
    this.payload = payload;
  }

  private static void trip(String what) {
    String dir = System.getProperty(DIR_PROPERTY);
    if (dir == null) {
      return;
    }
    try {
      Files.writeString(Path.of(dir, what + "-" + ProcessHandle.current().pid()), what);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
