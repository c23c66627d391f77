package io.scatter.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time of this JVM's threads by group, read from {@code /proc/self/task} (Linux): the JIT's
 * compiler threads and the collector's too, which neither JFR's samples nor {@code ThreadMXBean} see.
 * For benchmarks that ask where a difference in CPU went; empty where there is no {@code /proc}.
 */
public final class ThreadCpu {

  private static final Path TASKS = Path.of("/proc/self/task");
  private static final long CLOCK_TICKS_PER_SECOND = 100;

  private ThreadCpu() {
  }

  /** CPU milliseconds so far, summed per group: a thread's name up to its first digit or dash-number. */
  public static Map<String, Long> millisByGroup() {
    Map<String, Long> byGroup = new HashMap<>();
    try (Stream<Path> tasks = Files.list(TASKS)) {
      tasks.forEach(task -> {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
          byGroup.merge(group(name), ticks * 1000 / CLOCK_TICKS_PER_SECOND, Long::sum);
        } catch (IOException | RuntimeException e) {
          // The thread ended between the listing and the read: its time is gone with it.
        }
      });
    } catch (IOException e) {
      return Map.of();
    }
    return byGroup;
  }

  /** What each group spent between two readings, largest first, groups under 10 ms left out. */
  public static String describe(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> spent = new TreeMap<>();
    after.forEach((group, millis) -> {
      long delta = millis - before.getOrDefault(group, 0L);
      if (delta >= 10) {
        spent.put(group, delta);
      }
    });
    StringBuilder line = new StringBuilder();
    spent.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(entry -> line.append(line.length() == 0 ? "" : ", ").append(entry.getKey()).append(' ')
            .append(entry.getValue()).append(" ms"));
    return line.toString();
  }

  private static String group(String name) {
    return name.replaceAll("[-#]?\\d+$", "").replaceAll("\\s+$", "");
  }
}
