package io.scatter.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The seed notes' CPU experiment: {@code cpu_bound(n)} for n = 50, 63, 32, and the fingerprints
 * of the answers Python computed (first 16 hex characters of SHA-256 over the big-endian
 * two's-complement bytes). {@code compare --preset seeds} prints its own digests beside these.
 */
final class SeedNotes {

  record Reference(long n, String digest, long bits) { }

  static final Map<Long, Reference> CPU_BOUND = new LinkedHashMap<>();

  static {
    add(50, "230e8a7af76612c4", 1_502_289);
    add(63, "c64db8c9639acc6c", 3_275_295);
    add(32, "3740bf6a245d87c9", 324_809);
  }

  private static void add(long n, String digest, long bits) {
    CPU_BOUND.put(n, new Reference(n, digest, bits));
  }

  private SeedNotes() {
  }
}
