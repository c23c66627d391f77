package io.scatter.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.Locale;

/**
 * The machine's 1-minute load average against its cores, for a speedup to be read against: parallel
 * runs on a machine that other work keeps busy share its cores, so they show less than the code gives.
 *
 * @param average the system's load average, negative where the system does not report one
 * @param cores   the processors this JVM may use
 */
record MachineLoad(double average, int cores) {

  static MachineLoad now() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    return new MachineLoad(os.getSystemLoadAverage(), os.getAvailableProcessors());
  }

  /** More runnable work than cores: every thread of the runs waited its turn part of the time. */
  boolean busy() {
    return average > cores;
  }

  /** The higher of two readings: the average moves slowly, so a load that came or went during the runs shows in one. */
  MachineLoad max(MachineLoad other) {
    return average >= other.average ? this : other;
  }

  /** One line, e.g. "load average 2.61 on 2 cores: the machine was busy with other work, so ..." */
  String describe() {
    if (average < 0) {
      return "load average: not reported on this system, so other work on it cannot be told apart";
    }
    String load = String.format(Locale.ROOT, "load average %.2f on %d cores", average, cores);
    // "May": Linux counts tasks waiting on the disk in its load too, so a busy build can raise it
    // without taking CPU from the runs (measured: load 15 on 2 cores beside a 1.98x speedup).
    return busy() ? load + ": the machine was busy with other work, so the speedups above may be understated" : load;
  }
}
