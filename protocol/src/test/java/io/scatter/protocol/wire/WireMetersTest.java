package io.scatter.protocol.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.protocol.WorkerCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The per-job meters without an actor system: every message lands in exactly one job's figure or in no job's. */
final class WireMetersTest {

  private static final int THREADS = 4;
  private static final int MESSAGES_PER_THREAD = 20_000;

  @Test
  void close_whileThreadsCount_eachMessageIsInTheClosedFigureOrUnattributed_neverBothNorNeither() throws Exception {
    WireMeters meters = new WireMeters();
    meters.open("a");
    meters.open("b");
    WorkerCommand.JobEnded ofA = new WorkerCommand.JobEnded("a");
    WorkerCommand.JobEnded ofB = new WorkerCommand.JobEnded("b");
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch halfway = new CountDownLatch(THREADS);
    try {
      List<Future<?>> senders = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int bytes = t + 1;
        senders.add(pool.submit(() -> {
          for (int i = 0; i < MESSAGES_PER_THREAD; i++) {
            if (i == MESSAGES_PER_THREAD / 2) {
              halfway.countDown();
            }
            meters.sent(ofA, bytes);
            meters.received(ofB, bytes);
          }
        }));
      }
      halfway.await();
      WireTally a = meters.close("a"); // while every thread is still counting
      for (Future<?> sender : senders) {
        sender.get();
      }
      WireTally b = meters.close("b");

      long perThreadBytes = 0;
      for (int t = 0; t < THREADS; t++) {
        perThreadBytes += (t + 1L) * MESSAGES_PER_THREAD;
      }
      WireTally all = new WireTally(THREADS * MESSAGES_PER_THREAD, perThreadBytes, THREADS * MESSAGES_PER_THREAD,
          perThreadBytes);
      assertEquals(all, meters.total());
      assertEquals(all, a.plus(b).plus(meters.unattributed()));
      assertEquals(all.messagesReceived(), b.messagesReceived(), "b stayed open until the threads were done");
      assertTrue(a.messagesSent() >= THREADS * MESSAGES_PER_THREAD / 2, "a counted until it closed: " + a);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void open_twice_keepsTheFigureSoFar() {
    WireMeters meters = new WireMeters();
    meters.open("a");
    meters.sent(new WorkerCommand.JobEnded("a"), 10);
    meters.open("a");

    assertEquals(new WireTally(1, 10, 0, 0), meters.of("a"));
    assertEquals(new WireTally(1, 10, 0, 0), meters.close("a"));
    assertEquals(WireTally.ZERO, meters.of("a"));
  }
}
