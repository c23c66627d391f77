package io.scatter.coordinator;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/** CPU time used by this whole JVM, every thread included. */
final class CpuClock {

  private static final OperatingSystemMXBean OS = ManagementFactory.getOperatingSystemMXBean();

  private CpuClock() {
  }

  /** Nanoseconds of CPU time; -1 where the JVM does not expose it. */
  static long processCpuNanos() {
    return OS instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
  }
}
