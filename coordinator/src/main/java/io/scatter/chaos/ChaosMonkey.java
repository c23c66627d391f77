package io.scatter.chaos;

import io.scatter.coordinator.ProgressListener;
import io.scatter.node.util.DaemonThreads;
import io.scatter.time.Ticker;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Injects faults when a job's progress reaches their points. It listens to progress like the
 * progress bar does and hands each injection to a thread of its own: the coordinator that reports
 * progress never waits for a signal to be sent, nor for a node to answer a message.
 */
public final class ChaosMonkey implements ProgressListener, AutoCloseable {

  private static final long CLOSE_WAIT_SECONDS = 10;

  private final List<Pending> pending = new ArrayList<>();
  /** In the order the faults were injected, each complete once its node answered (or was signalled). */
  private final List<CompletableFuture<InjectedFault>> injected = new ArrayList<>();
  private final NodeFaults faults;
  private final ProgressListener next;
  private final Random random;
  private final Ticker ticker;
  private final ExecutorService injector = Executors.newSingleThreadExecutor(DaemonThreads.named("scatter-chaos"));

  private record Pending(FaultSpec spec, AtomicBoolean fired) { }

  /** @param next the listener progress is passed on to (the progress bar) */
  public ChaosMonkey(List<FaultSpec> specs, NodeFaults faults, ProgressListener next, Random random) {
    this(specs, faults, next, random, Ticker.system());
  }

  /** @param ticker stamps each fault; the run it lands in must be timed by the same one (RunResult.startNanos) */
  public ChaosMonkey(List<FaultSpec> specs, NodeFaults faults, ProgressListener next, Random random, Ticker ticker) {
    specs.forEach(spec -> pending.add(new Pending(spec, new AtomicBoolean())));
    this.faults = faults;
    this.next = next;
    this.random = random;
    this.ticker = ticker;
  }

  @Override
  public void onRetries(long retries) {
    next.onRetries(retries);
  }

  @Override
  public void onProgress(long done, long total) {
    next.onProgress(done, total);
    double progress = total == 0 ? 1 : (double) done / total;
    for (Pending p : pending) {
      if (progress >= p.spec().atFraction() && p.fired().compareAndSet(false, true)) {
        injector.submit(() -> inject(p.spec(), progress));
      }
    }
  }

  private void inject(FaultSpec spec, double progress) {
    String target = spec.target();
    try {
      if (FaultSpec.RANDOM.equals(target)) {
        List<String> candidates = faults.randomCandidates();
        if (candidates.isEmpty()) {
          throw new IllegalStateException("no live worker node to pick from");
        }
        target = candidates.get(random.nextInt(candidates.size()));
      }
      String node = target;
      String address = faults.address(node);
      boolean endsWithTheRun = faults.endsWithTheRun(spec.kind(), node);
      long at = ticker.read();
      CompletionStage<Optional<String>> answer = switch (spec.kind()) {
        case KILL -> faults.kill(node);
        case FREEZE -> faults.freeze(node, spec.duration().orElseThrow());
        case CUTOFF -> faults.cutoff(node, spec.duration().orElseThrow());
      };
      record(answer.toCompletableFuture().thenApply(refusal ->
          new InjectedFault(spec, node, address, at, progress, null, refusal.orElse(null), endsWithTheRun)));
    } catch (RuntimeException e) {
      record(CompletableFuture.completedFuture(
          new InjectedFault(spec, target, "", ticker.read(), progress, e.getMessage())));
    }
  }

  private synchronized void record(CompletableFuture<InjectedFault> fault) {
    injected.add(fault);
  }

  /** Faults carried out or refused so far (call after {@link #close()} for the complete list). */
  public synchronized List<InjectedFault> injected() {
    return injected.stream().filter(fault -> fault.isDone() && !fault.isCompletedExceptionally())
        .map(CompletableFuture::join).toList();
  }

  /** Waits for injections under way and for the answers to them; faults whose point the job never reached are dropped. */
  @Override
  public void close() {
    injector.shutdown();
    try {
      injector.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
      List<CompletableFuture<InjectedFault>> answers;
      synchronized (this) {
        answers = List.copyOf(injected);
      }
      CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // Each answer has its own limit (scatter.chaos.answer-wait) and a missing one counts as carried out.
    }
  }
}
