package io.scatter.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** A fixed number of jobs run by a few client threads, each running one job after another: the rate a service keeps. */
public final class ClientLoad {

  /** One client's job: submit, and wait for its end. */
  @FunctionalInterface
  public interface Job {
    void run() throws Exception;
  }

  private ClientLoad() {
  }

  /**
   * Runs {@code jobs} jobs from {@code clients} threads at once, each starting its next job when its
   * last has ended.
   *
   * @return jobs per second over the whole run
   * @throws Exception the first failure of any job (the run stops there)
   */
  public static double jobsPerSecond(int clients, int jobs, Job job) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(clients);
    try {
      AtomicInteger left = new AtomicInteger(jobs);
      long start = System.nanoTime();
      List<Future<?>> running = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        running.add(threads.submit(() -> {
          while (left.getAndDecrement() > 0) {
            job.run();
          }
          return null;
        }));
      }
      for (Future<?> client : running) {
        client.get();
      }
      return jobs / ((System.nanoTime() - start) / 1e9);
    } finally {
      threads.shutdownNow();
    }
  }
}
