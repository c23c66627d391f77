package io.scatter.cli;

import io.scatter.node.util.Latches;
import io.scatter.service.JobService;
import io.scatter.service.JobView;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Ctrl-C (or SIGTERM) on a command that runs its jobs in this JVM ({@code run}): a shutdown hook
 * cancels, through the job service, the jobs running, and once they have ended holds the JVM until
 * the command has said so and closed what it opened (its cluster membership, nodes started for it),
 * so nothing is left behind. The JVM then exits as the signal makes it: 130 after Ctrl-C.
 *
 * <p>Opened before anything the command must close, and closed last (try-with-resources closes in
 * reverse), so its hook waits for all of it. A signal before the service is open, or while no job
 * runs, ends the JVM at once, as it did before there was a hook.
 */
final class CancelOnExit implements AutoCloseable {

  private final String command;
  private final PrintWriter err;
  private final AtomicReference<JobService> service = new AtomicReference<>();
  /** Whether a signal closes the service instead of cancelling its jobs: a journal then keeps them running. */
  private final AtomicBoolean keep = new AtomicBoolean();
  private final AtomicBoolean cancelling = new AtomicBoolean();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Thread hook;

  /** @param command the command as the user sees it in messages ("scatter run") */
  CancelOnExit(String command, PrintWriter err) {
    this.command = command;
    this.err = err;
    this.hook = new Thread(this::cancelRunning, "scatter-cancel-on-exit");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** The service whose jobs a signal cancels from now on; returned, to open it in the same try. */
  <S extends JobService> S watch(S opened) {
    service.set(opened);
    return opened;
  }

  /**
   * As {@link #watch}, for a service that keeps its jobs in a journal: a signal closes it, which
   * stops its jobs without journaling their end, so the next start on the journal resumes them.
   */
  <S extends JobService> S watchKeeping(S opened) {
    keep.set(true);
    return watch(opened);
  }

  /** Whether a signal has come: a job that ended cancelled was cancelled by it, and the JVM is exiting. */
  boolean cancelling() {
    return cancelling.get();
  }

  private void cancelRunning() {
    cancelling.set(true);
    JobService jobs = service.get();
    if (jobs == null) {
      return;
    }
    List<JobView> running = jobs.list(Integer.MAX_VALUE).stream().filter(view -> !view.isEnded()).toList();
    if (keep.get()) {
      jobs.close(); // waits for the jobs to stop, then flushes the journal
      if (!running.isEmpty()) {
        Latches.await(closed);
      }
      return;
    }
    boolean allEnded = true;
    for (JobView job : running) {
      Optional<JobView> after = jobs.cancel(job.id());
      if (after.isEmpty() || !after.get().isEnded()) {
        allEnded = false;
        err.println(command + ": asked job " + job.id() + " to cancel; it had not ended when the JVM exited");
        err.flush();
      }
    }
    if (!running.isEmpty() && allEnded) {
      // The command's thread is past its wait for the job: let it report and close. Each step of
      // closing has its own time limit, so this wait ends.
      Latches.await(closed);
    }
  }

  @Override
  public void close() {
    closed.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running and returns now.
    }
  }
}
