package io.scatter.service;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Job ids for a long-lived service: a counter, so no two of this service's jobs ever share one
 * (a random id alone collides after some tens of thousands of jobs), and a random suffix, so two
 * services (or two runs) sending jobs to the same cluster's workers do not either. An id names the
 * job's actors, so it holds only letters, digits and '-'.
 */
final class JobIds {

  private final AtomicLong next = new AtomicLong();
  private final String suffix;

  JobIds() {
    byte[] bytes = new byte[3];
    new SecureRandom().nextBytes(bytes);
    this.suffix = HexFormat.of().formatHex(bytes);
  }

  String next() {
    return next.incrementAndGet() + "-" + suffix;
  }
}
