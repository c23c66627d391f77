package io.scatter.testing;

import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * What a process appends to its log while an action runs, read through a channel opened before the
 * action: the file may be deleted meanwhile, as {@code cluster down} deletes the nodes' logs.
 */
public final class LogTail {

  /** The action's result, and what {@code log} gained while it ran. */
  public record During<T>(T result, String appended) {
  }

  private LogTail() {
  }

  public static <T> During<T> during(Path log, Callable<T> action) throws Exception {
    try (FileChannel channel = FileChannel.open(log)) {
      channel.position(channel.size());
      T result = action.call();
      return new During<>(result, new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
