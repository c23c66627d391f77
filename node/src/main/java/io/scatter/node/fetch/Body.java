package io.scatter.node.fetch;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body, counted and dropped (or written to a file when bodies are kept) as it
 * arrives: a worker never holds a body in memory, so a thousand requests in flight cost a
 * thousand counters. Past the cap the subscription is cancelled, which closes the connection.
 */
final class Body implements HttpResponse.BodySubscriber<Long> {

  /** The body went past the cap. */
  static final class TooLarge extends IOException {
    TooLarge(long cap) {
      super("body longer than " + cap + " bytes", null);
    }
  }

  /** The body could not be written where bodies are kept. */
  static final class WriteFailed extends IOException {
    WriteFailed(Path file, IOException cause) {
      super("cannot write " + file + ": " + cause.getMessage(), cause);
    }
  }

  private final long maxBytes;
  private final Path file;
  private final CompletableFuture<Long> done = new CompletableFuture<>();
  private FileChannel channel;
  private Flow.Subscription subscription;
  /** Read by the requesting thread when the exchange fails; written by the client's thread. */
  private volatile long bytes;

  /** @param file where to write the body, or null to drop it */
  Body(long maxBytes, Path file) {
    this.maxBytes = maxBytes;
    this.file = file;
  }

  long bytes() {
    return bytes;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    if (file != null) {
      try {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING);
      } catch (IOException e) {
        abort(new WriteFailed(file, e));
        return;
      }
    }
    subscription.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    for (ByteBuffer buffer : buffers) {
      if (done.isDone()) {
        return;
      }
      if (bytes + buffer.remaining() > maxBytes) {
        abort(new TooLarge(maxBytes));
        return;
      }
      bytes += buffer.remaining();
      write(buffer);
    }
  }

  private void write(ByteBuffer buffer) {
    if (channel == null) {
      return;
    }
    try {
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    } catch (IOException e) {
      abort(new WriteFailed(file, e));
    }
  }

  @Override
  public void onError(Throwable throwable) {
    close();
    done.completeExceptionally(throwable);
  }

  @Override
  public void onComplete() {
    close();
    done.complete(bytes);
  }

  @Override
  public CompletionStage<Long> getBody() {
    return done;
  }

  private void abort(IOException reason) {
    subscription.cancel();
    close();
    done.completeExceptionally(reason);
  }

  private void close() {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      // Every byte was written already; a failing close loses nothing the result reports.
    }
    channel = null;
  }
}
