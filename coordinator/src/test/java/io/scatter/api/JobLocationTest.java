package io.scatter.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@link JobRoutes#location}: the service's ids as they are, anything else escaped as a path segment. */
final class JobLocationTest {

  @Test
  void location_serviceId_isWrittenAsItIs() {
    assertEquals("/jobs/12-a3f0c9", JobRoutes.location("12-a3f0c9"));
    assertEquals("/jobs/a.b_c~d", JobRoutes.location("a.b_c~d"));
  }

  @Test
  void location_idNeedingEscapes_isEscapedAsOneSegment() {
    assertEquals("/jobs/a%20b", JobRoutes.location("a b"));
    assertEquals("/jobs/a%2Fb", JobRoutes.location("a/b"));
  }
}
