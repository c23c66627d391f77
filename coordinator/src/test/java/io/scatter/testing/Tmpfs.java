package io.scatter.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small file system of its own for a test that needs a full disk: a tmpfs mounted on a folder,
 * made full by one file that {@link #free()} removes again. Mounting needs root (or the right to
 * mount); where that is missing the test is skipped with the reason. {@link #close()} unmounts it;
 * processes still holding files there must be gone first, or it is detached lazily.
 */
public final class Tmpfs implements AutoCloseable {

  private static final long COMMAND_SECONDS = 10;
  private static final String FILLER = "filler";
  /** Between tries to take a freed page: well under a node's status refresh. */
  private static final long HOLD_PAUSE_MILLIS = 5;

  private final Path dir;

  private Tmpfs(Path dir) {
    this.dir = dir;
  }

  /** Mounts a tmpfs of {@code size} ("4m", as mount takes it) on {@code dir}, made if missing; skips the test where it cannot. */
  public static Tmpfs mount(Path dir, String size) throws IOException {
    assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "a tmpfs needs Linux");
    Files.createDirectories(dir);
    Result mounted = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0755", "tmpfs", dir.toString()));
    assumeTrue(mounted.code() == 0, "cannot mount a tmpfs here (needs root or the right to mount): "
        + mounted.output().strip());
    return new Tmpfs(dir);
  }

  public Path dir() {
    return dir;
  }

  /** Writes one file until the file system has no space left. */
  public void fill() throws IOException {
    byte[] block = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(dir.resolve(FILLER))) {
      while (true) {
        out.write(block);
      }
    } catch (IOException e) {
      if (!String.valueOf(e.getMessage()).contains("No space left on device")) {
        throw e;
      }
    }
  }

  /**
   * {@link #fill()}, then for {@code hold} takes every page the file system frees again. A process
   * that had written a file before the fill and renames it over an older one frees that one's page,
   * which its next write (or another process's) takes in turn: one page could keep going round, and
   * such writes keep succeeding on a disk that is "full".
   */
  public void fillAndHold(Duration hold) throws IOException, InterruptedException {
    fill();
    byte[] page = new byte[4096];
    long end = System.nanoTime() + hold.toNanos();
    try (OutputStream out = Files.newOutputStream(dir.resolve(FILLER), StandardOpenOption.APPEND)) {
      while (System.nanoTime() < end) {
        try {
          out.write(page);
        } catch (IOException full) {
          Thread.sleep(HOLD_PAUSE_MILLIS);
        }
      }
    }
  }

  /** Removes the file {@link #fill()} wrote: the space is back. */
  public void free() throws IOException {
    Files.deleteIfExists(dir.resolve(FILLER));
  }

  public long usableSpace() throws IOException {
    return Files.getFileStore(dir).getUsableSpace();
  }

  @Override
  public void close() throws IOException {
    if (run(List.of("umount", dir.toString())).code() != 0) {
      // Busy (a process the test started still has a file open there): detach it now, freed when that ends.
      run(List.of("umount", "-l", dir.toString()));
    }
  }

  /**
   * Reserves {@code bytes} after the end of {@code file} without growing it ({@code fallocate
   * --keep-size}), so what is appended to it fits even on a full disk.
   */
  public static void reserveAfterEnd(Path file, long bytes) throws IOException {
    Result reserved = run(List.of("fallocate", "--keep-size", "--offset", Long.toString(Files.size(file)),
        "--length", Long.toString(bytes), file.toString()));
    if (reserved.code() != 0) {
      throw new IOException("fallocate failed: " + reserved.output());
    }
  }

  private record Result(int code, String output) { }

  private static Result run(List<String> command) throws IOException {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      return new Result(127, "no '" + command.get(0) + "' command: " + e.getMessage());
    }
    try {
      if (!process.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new Result(124, String.join(" ", command) + " did not finish in " + COMMAND_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted running " + command, e);
    }
    return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }
}
