package io.scatter.node.fetch;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Virtual threads when the running JVM has them. scatter is compiled for Java 17, where
 * {@code Executors.newVirtualThreadPerTaskExecutor()} does not exist, so it is looked up at run
 * time; on 19 and 20 it exists only as a preview, so Java 21 is required as well.
 */
public final class VirtualThreads {

  private static final int FIRST_FINAL_RELEASE = 21;
  private static final MethodHandle NEW_EXECUTOR = lookup();

  private VirtualThreads() {
  }

  public static boolean available() {
    return NEW_EXECUTOR != null;
  }

  /** "needs Java 21 or newer; this JVM is 17.0.15", for the message that refuses {@code --io virtual}. */
  public static String requirement() {
    return "needs Java " + FIRST_FINAL_RELEASE + " or newer; this JVM is " + System.getProperty("java.version");
  }

  /** An executor that starts a virtual thread per task. */
  static ExecutorService newPerTaskExecutor() {
    if (NEW_EXECUTOR == null) {
      throw new IllegalStateException("io=virtual " + requirement());
    }
    try {
      return (ExecutorService) NEW_EXECUTOR.invokeExact();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("cannot start virtual threads: " + e, e);
    }
  }

  private static MethodHandle lookup() {
    if (Runtime.version().feature() < FIRST_FINAL_RELEASE) {
      return null;
    }
    try {
      return MethodHandles.publicLookup().findStatic(Executors.class, "newVirtualThreadPerTaskExecutor",
          MethodType.methodType(ExecutorService.class));
    } catch (NoSuchMethodException | IllegalAccessException e) {
      return null;
    }
  }
}
