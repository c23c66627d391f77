package io.scatter.coordinator;

import io.scatter.protocol.JobSpec;
import io.scatter.protocol.LongRange;
import io.scatter.protocol.Split;
import io.scatter.protocol.TaskRef;
import io.scatter.task.ParamSpec;
import io.scatter.task.RangeTask;
import io.scatter.task.TaskParams;
import io.scatter.task.TaskRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Tasks that exist only for tests, declared in src/test/resources/META-INF/services. */
public final class TestTasks {

  private TestTasks() {
  }

  public static Job job(String task, Map<String, String> params, LongRange range, long partitions, int maxAttempts) {
    JobSpec spec = new JobSpec(new TaskRef(task, params), Optional.of(range), new Split.IntoCount(partitions),
        maxAttempts, Duration.ofSeconds(60));
    return Job.prepare(spec, TaskRegistry.load());
  }

  /** Concatenates range names: not commutative, so any out-of-order combine shows in the answer. Open for tests that watch its combines. */
  public static class Concat implements RangeTask<String> {
    @Override
    public String name() {
      return "test-concat";
    }

    @Override
    public String description() {
      return "test: the partition ranges, concatenated in combine order";
    }

    @Override
    public String identity() {
      return "";
    }

    @Override
    public String compute(TaskParams params, long from, long to) {
      return from + "-" + to + ";";
    }

    /** Per call, not per number: slicing would change what it does. */
    @Override
    public boolean sliceable(TaskParams params) {
      return false;
    }

    @Override
    public String combine(String left, String right) {
      return left + right;
    }
  }

  /** Throws at element {@code at} on every attempt. */
  public static final class AlwaysFails implements RangeTask<Long> {
    @Override
    public String name() {
      return "test-always-fails";
    }

    @Override
    public String description() {
      return "test: throws on the partition holding element 'at'";
    }

    @Override
    public List<ParamSpec> params() {
      return List.of(ParamSpec.required("at", ParamSpec.Type.LONG, "element that throws"));
    }

    @Override
    public Long identity() {
      return 0L;
    }

    @Override
    public Long compute(TaskParams params, long from, long to) {
      long at = params.getLong("at");
      if (from <= at && at < to) {
        throw new IllegalStateException("boom at " + at);
      }
      return to - from;
    }

    @Override
    public Long combine(Long left, Long right) {
      return left + right;
    }
  }

  /** Fails the first attempt of every partition of a run (runs told apart by the 'run' parameter), then counts elements. */
  public static final class FailsOnce implements RangeTask<Long> {
    private static final Set<String> FAILED = ConcurrentHashMap.newKeySet();

    @Override
    public String name() {
      return "test-fails-once";
    }

    @Override
    public String description() {
      return "test: the first attempt of each partition throws";
    }

    @Override
    public List<ParamSpec> params() {
      return List.of(ParamSpec.required("run", ParamSpec.Type.STRING, "a name unique to the run"));
    }

    @Override
    public Long identity() {
      return 0L;
    }

    @Override
    public Long compute(TaskParams params, long from, long to) {
      if (FAILED.add(params.getString("run") + "/" + from)) {
        throw new IllegalStateException("first attempt of " + from + " fails");
      }
      return to - from;
    }

    /** Per call, not per number: slicing would change what it does. */
    @Override
    public boolean sliceable(TaskParams params) {
      return false;
    }

    @Override
    public Long combine(Long left, Long right) {
      return left + right;
    }
  }

  /** Every partition's result is a string of {@code chars} characters: results as large as a test needs. */
  public static final class BigResult implements RangeTask<String> {
    @Override
    public String name() {
      return "test-big-result";
    }

    @Override
    public String description() {
      return "test: each partition's result is 'chars' characters long";
    }

    @Override
    public List<ParamSpec> params() {
      return List.of(ParamSpec.required("chars", ParamSpec.Type.LONG, "characters per partition's result"));
    }

    @Override
    public String identity() {
      return "";
    }

    @Override
    public String compute(TaskParams params, long from, long to) {
      return String.valueOf((char) ('a' + Math.floorMod(from, 26))).repeat((int) params.getLong("chars"));
    }

    /** Per call, not per number: slicing would change what it does. */
    @Override
    public boolean sliceable(TaskParams params) {
      return false;
    }

    @Override
    public String combine(String left, String right) {
      return left + right;
    }
  }

  /**
   * A gate across JVMs, for tests that must act while a job is surely still running: each
   * partition first leaves a file {@code started-<pid>} in {@code dir} (which JVM took part), then
   * waits until a file {@code open} appears there. No timing is guessed: the test opens the gate
   * when it has seen what it waits for.
   */
  public static final class Gate implements RangeTask<Long> {
    /** A partition gives up after this long, so a test that never opens the gate still ends. */
    private static final long GIVE_UP_MILLIS = 120_000;
    private static final long POLL_MILLIS = 10;

    @Override
    public String name() {
      return "test-gate";
    }

    @Override
    public String description() {
      return "test: each partition waits for 'dir'/open";
    }

    @Override
    public List<ParamSpec> params() {
      return List.of(ParamSpec.required("dir", ParamSpec.Type.STRING, "folder of the gate"));
    }

    @Override
    public Long identity() {
      return 0L;
    }

    @Override
    public Long compute(TaskParams params, long from, long to) {
      java.nio.file.Path dir = java.nio.file.Path.of(params.getString("dir"));
      try {
        java.nio.file.Files.writeString(dir.resolve("started-" + ProcessHandle.current().pid()), "");
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(GIVE_UP_MILLIS);
        while (!java.nio.file.Files.exists(dir.resolve("open"))) {
          if (System.nanoTime() - deadline > 0) {
            throw new IllegalStateException("the gate in " + dir + " was never opened");
          }
          Thread.sleep(POLL_MILLIS);
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
      return to - from;
    }

    /** Per call, not per number: slicing would change what it does. */
    @Override
    public boolean sliceable(TaskParams params) {
      return false;
    }

    @Override
    public Long combine(Long left, Long right) {
      return left + right;
    }
  }

  /**
   * Leaves a file {@code ran-<from>-<pid>-<n>} in {@code dir} as each partition starts (which
   * partition ran, how often, and in which JVM), then sleeps {@code ms} and counts elements: a job
   * whose every execution a test can count, that leaves the CPU free.
   */
  public static final class Trace implements RangeTask<Long> {
    private static final java.util.concurrent.atomic.AtomicLong RUNS = new java.util.concurrent.atomic.AtomicLong();

    @Override
    public String name() {
      return "test-trace";
    }

    @Override
    public String description() {
      return "test: records each execution in 'dir', then sleeps 'ms'";
    }

    @Override
    public List<ParamSpec> params() {
      return List.of(ParamSpec.required("dir", ParamSpec.Type.STRING, "folder of the trace"),
          ParamSpec.required("ms", ParamSpec.Type.LONG, "milliseconds per partition"));
    }

    @Override
    public Long identity() {
      return 0L;
    }

    @Override
    public Long compute(TaskParams params, long from, long to) {
      try {
        java.nio.file.Files.writeString(java.nio.file.Path.of(params.getString("dir"))
            .resolve("ran-" + from + "-" + ProcessHandle.current().pid() + "-" + RUNS.incrementAndGet()), "");
        Thread.sleep(params.getLong("ms"));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
      return to - from;
    }

    /** Per call, not per number: slicing would change what it does. */
    @Override
    public boolean sliceable(TaskParams params) {
      return false;
    }

    @Override
    public Long combine(Long left, Long right) {
      return left + right;
    }
  }

  /** Sleeps {@code ms} per partition and counts elements: a slow job that leaves the CPU free. */
  public static final class Sleep implements RangeTask<Long> {
    @Override
    public String name() {
      return "test-sleep";
    }

    @Override
    public String description() {
      return "test: sleeps 'ms' per partition";
    }

    @Override
    public List<ParamSpec> params() {
      return List.of(ParamSpec.required("ms", ParamSpec.Type.LONG, "milliseconds per partition"));
    }

    @Override
    public Long identity() {
      return 0L;
    }

    @Override
    public Long compute(TaskParams params, long from, long to) {
      try {
        Thread.sleep(params.getLong("ms"));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
      return to - from;
    }

    /** Per call, not per number: slicing would change what it does. */
    @Override
    public boolean sliceable(TaskParams params) {
      return false;
    }

    @Override
    public Long combine(Long left, Long right) {
      return left + right;
    }
  }
}
