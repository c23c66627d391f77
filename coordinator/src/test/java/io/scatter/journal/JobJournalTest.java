package io.scatter.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import io.scatter.coordinator.AcceptedResult;
import io.scatter.journal.JournalRecord.JobSubmitted;
import io.scatter.testing.Eventually;
import io.scatter.testing.TestConfig;
import java.time.Duration;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal against a real embedded H2 file: what is written is read back by the next coordinator. */
final class JobJournalTest {

  private static final Config CONFIG = TestConfig.load();

  @TempDir
  Path dir;

  /** With results written every 100 ms: these tests write many batches one interval apart. */
  private JournalSettings settings() {
    return settings("100ms");
  }

  private JournalSettings settings(String resultsEvery) {
    return JournalSettings.from(CONFIG.withValue("scatter.journal.results-every",
        com.typesafe.config.ConfigValueFactory.fromAnyRef(resultsEvery))).at(dir.toString());
  }

  @Test
  void aReopenedJournalGivesBackRunningJobsWithTheirResultsAndEndedOnesWithTheirEnd() throws Exception {
    String running;
    String ended;
    try (JobJournal journal = JobJournal.open(settings(), CONFIG)) {
      JobJournal.Accepted first = journal.submit(new JobSubmitted("{\"task\":\"primes\"}", "primes 0..100/4", 7));
      running = first.id();
      JobJournal.Writer writer = first.writer();
      writer.results(List.of(new AcceptedResult(2, 5L), new AcceptedResult(0, 25L)));
      writer.results(List.of(new AcceptedResult(3, BigInteger.TEN.pow(40))));
      JobJournal.Accepted second = journal.submit(new JobSubmitted("{}", "spin", 8));
      ended = second.id();
      JobJournal.Writer other = second.writer();
      other.results(List.of(new AcceptedResult(0, 1L)));
      other.end("{\"state\":\"SUCCEEDED\"}").toCompletableFuture().get();
      Eventually.await(Duration.ofSeconds(10), () -> "the first job's 3 results written: " + journal.peek(running),
          () -> journal.peek(running).resultCount() == 3);
    }
    try (JobJournal journal = JobJournal.open(settings(), CONFIG)) {
      List<JobJournal.Stored> stored = journal.recover();
      assertEquals(List.of(running, ended), stored.stream().map(JobJournal.Stored::id).toList());
      assertEquals("primes 0..100/4", stored.get(0).submitted().plan());
      assertEquals(8, stored.get(1).submitted().submittedMillis());
      JournaledJob first = stored.get(0).job();
      assertEquals(List.of(new AcceptedResult(2, 5L), new AcceptedResult(0, 25L),
          new AcceptedResult(3, BigInteger.TEN.pow(40))), first.results());
      JournaledJob second = stored.get(1).job();
      assertEquals(Optional.of("{\"state\":\"SUCCEEDED\"}"), second.endedView());
      assertEquals(List.of(), second.results());
      String next = journal.submit(new JobSubmitted("{}", "spin", 9)).id();
      assertNotEquals(running, next);
      assertTrue(next.startsWith("3-"), next);
    }
  }

  @Test
  void aJournalClosedAsDiscarded_skipsOnlyItsCompaction_whatItWroteIsReadBackIfTheFolderStays() throws Exception {
    String id;
    try (JobJournal journal = JobJournal.open(settings(), CONFIG)) {
      JobJournal.Accepted job = journal.submit(new JobSubmitted("{}", "spin", 7));
      id = job.id();
      job.writer().results(List.of(new AcceptedResult(0, 25L)));
      job.writer().end("{\"state\":\"SUCCEEDED\"}").toCompletableFuture().get();
      // `cluster down` marks it before it signals the coordinator, which closes it next.
      JobJournal.discardAfterClose(dir);
      assertTrue(Files.exists(dir.resolve(JournalDatabase.DISCARDED)));
    }
    // A `down` stopped before it deleted the folder: the next coordinator there reads it whole, and keeps it.
    try (JobJournal journal = JobJournal.open(settings(), CONFIG)) {
      assertFalse(Files.exists(dir.resolve(JournalDatabase.DISCARDED)), "the mark outlived the coordinator it was for");
      List<JobJournal.Stored> stored = journal.recover();
      assertEquals(List.of(id), stored.stream().map(JobJournal.Stored::id).toList());
      assertEquals(Optional.of("{\"state\":\"SUCCEEDED\"}"), stored.get(0).job().endedView());
    }
  }

  @Test
  void aForgottenJobLeavesTheDatabase_itsEventsAndSnapshotsDeleted() throws Exception {
    String url = JournalDatabase.at(dir.toString(), "", "").url();
    try (JobJournal journal = JobJournal.open(settings(), CONFIG)) {
      JobJournal.Accepted small = journal.submit(new JobSubmitted("{}", "small", 1));
      small.writer().results(List.of(new AcceptedResult(0, 1L)));
      Eventually.await(Duration.ofSeconds(10), () -> "the small job's result written", () -> rows(url, small.id()) > 0);
      small.writer().end("{\"state\":\"SUCCEEDED\"}").toCompletableFuture().get();
      JobJournal.Accepted big = journal.submit(new JobSubmitted("{}", "big", 2));
      for (long i = 0; i < 20; i++) { // more writes than an ended job keeps uncompacted: it is compacted
        big.writer().results(List.of(new AcceptedResult(i, i)));
        Thread.sleep(settings().resultsEvery().toMillis() + 5);
      }
      big.writer().end("{\"state\":\"SUCCEEDED\"}").toCompletableFuture().get();
      Eventually.await(Duration.ofSeconds(10), () -> "both jobs written", () -> rows(url, small.id()) > 0
          && rows(url, big.id()) + snapshots(url, big.id()) > 0);

      journal.forget(small.id());
      journal.forget(big.id());

      Eventually.await(Duration.ofSeconds(10), () -> "the forgotten jobs' rows deleted: " + rows(url, small.id()) + " "
          + rows(url, big.id()) + " " + snapshots(url, big.id()), () -> rows(url, small.id()) == 0
          && rows(url, big.id()) == 0 && snapshots(url, big.id()) == 0);
    }
    try (JobJournal journal = JobJournal.open(settings(), CONFIG)) {
      assertEquals(List.of(), journal.recover());
    }
  }

  @Test
  void anEndedJobKeepsOnlyItsEnd_noResultsAndNoSnapshot_andIsReadBackEnded() throws Exception {
    String url = JournalDatabase.at(dir.toString(), "", "").url();
    String id;
    try (JobJournal journal = JobJournal.open(settings(), CONFIG)) {
      JobJournal.Accepted big = journal.submit(new JobSubmitted("{}", "big", 2));
      id = big.id();
      // More events than an ended job keeps uncompacted: a batch of results each interval until so many are written.
      long next = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (rows(url, id) <= JobEntity.COMPACT_ABOVE && System.nanoTime() < deadline) {
        big.writer().results(List.of(new AcceptedResult(next, next)));
        next++;
        Thread.sleep(settings().resultsEvery().toMillis() + 5);
      }
      assertTrue(rows(url, id) > JobEntity.COMPACT_ABOVE, rows(url, id) + " events written");
      big.writer().end("{\"state\":\"SUCCEEDED\"}").toCompletableFuture().get();
      Eventually.await(Duration.ofSeconds(10), () -> "compacted to its end alone: " + rows(url, id) + " event(s), "
          + snapshots(url, id) + " snapshot(s)", () -> rows(url, id) == 1 && snapshots(url, id) == 0);
    }
    try (JobJournal journal = JobJournal.open(settings(), CONFIG)) {
      List<JobJournal.Stored> stored = journal.recover();
      assertEquals(List.of(id), stored.stream().map(JobJournal.Stored::id).toList());
      assertEquals(Optional.of("{\"state\":\"SUCCEEDED\"}"), stored.get(0).job().endedView());
      assertEquals(0, stored.get(0).job().resultCount());
      assertEquals(1, rows(url, id), "reading it back wrote nothing");
    }
  }

  private static long rows(String url, String id) throws Exception {
    return count(url, "SELECT count(*) FROM \"event_journal\" WHERE \"persistence_id\" = ?", id);
  }

  private static long snapshots(String url, String id) throws Exception {
    return count(url, "SELECT count(*) FROM \"snapshot\" WHERE \"persistence_id\" = ?", id);
  }

  private static long count(String url, String sql, String id) throws Exception {
    return count(url, sql, id, true);
  }

  /** @param job whether {@code id} is a job's (else a persistence id as it is) */
  private static long count(String url, String sql, String id, boolean job) throws Exception {
    try (Connection connection = DriverManager.getConnection(url);
         var statement = connection.prepareStatement(sql)) {
      statement.setString(1, job ? JobEntity.persistenceId(id).id() : id);
      try (var rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  @Test
  void aJobThatEndsBeforeItsFirstWrite_endsInTheRegistrysWrite_withNoRowsOfItsOwn_andIsRecoveredEnded()
      throws Exception {
    String url = JournalDatabase.at(dir.toString(), "", "").url();
    List<String> ids = new java.util.ArrayList<>();
    try (JobJournal journal = JobJournal.open(settings(), CONFIG)) {
      List<java.util.concurrent.CompletableFuture<Void>> ends = new java.util.ArrayList<>();
      for (int i = 0; i < 10; i++) {
        JobJournal.Accepted small = journal.submit(new JobSubmitted("{}", "small " + i, i));
        ids.add(small.id());
        small.writer().results(List.of(new AcceptedResult(0, (long) i))); // within results-every: not written
        ends.add(small.writer().end("{\"state\":\"SUCCEEDED\",\"answer\":\"" + i + "\"}").toCompletableFuture());
      }
      java.util.concurrent.CompletableFuture.allOf(ends.toArray(java.util.concurrent.CompletableFuture[]::new))
          .get(10, java.util.concurrent.TimeUnit.SECONDS);
      for (String id : ids) {
        assertEquals(0, rows(url, id), "job " + id + " wrote no rows of its own");
      }
    }
    try (JobJournal journal = JobJournal.open(settings(), CONFIG)) {
      List<JobJournal.Stored> stored = journal.recover();

      assertEquals(ids, stored.stream().map(JobJournal.Stored::id).toList());
      for (int i = 0; i < ids.size(); i++) {
        assertEquals(Optional.of("{\"state\":\"SUCCEEDED\",\"answer\":\"" + i + "\"}"),
            stored.get(i).job().endedView());
        assertEquals("small " + i, stored.get(i).submitted().plan());
      }
      ids.forEach(journal::forget);
    }
    try (JobJournal journal = JobJournal.open(settings(), CONFIG)) {
      assertEquals(List.of(), journal.recover(), "forgotten, they are gone");
    }
  }

  @Test
  void aRunningJobsEnd_isWrittenAtOnce_notWhenResultsEveryNextAllows() throws Exception {
    JournalSettings settings = settings("3s");
    String url = JournalDatabase.at(dir.toString(), "", "").url();
    try (JobJournal journal = JobJournal.open(settings, CONFIG)) {
      JobJournal.Accepted job = journal.submit(new JobSubmitted("{}", "running", 1));
      job.writer().results(List.of(new AcceptedResult(0, 1L)));
      Eventually.await(Duration.ofSeconds(20), () -> "its first results written", () -> rows(url, job.id()) > 0);
      job.writer().results(List.of(new AcceptedResult(1, 2L))); // waits out the 3 s since that write

      // Well inside those 3 s: the end does not wait with the results.
      job.writer().end("{\"state\":\"SUCCEEDED\"}").toCompletableFuture().get(1500,
          java.util.concurrent.TimeUnit.MILLISECONDS);
    }
    try (JobJournal journal = JobJournal.open(settings, CONFIG)) {
      assertEquals(Optional.of("{\"state\":\"SUCCEEDED\"}"), journal.recover().get(0).job().endedView());
    }
  }

  @Test
  void endsNobodyWaitsFor_rideWithTheNextRegistrations_notAWriteEach() throws Exception {
    // A long results-every: an end waits that long for a registration to ride with, then goes alone.
    JournalSettings settings = settings("3s");
    String url = JournalDatabase.at(dir.toString(), "", "").url();
    int jobs = 10;
    try (JobJournal journal = JobJournal.open(settings, CONFIG)) {
      long before = count(url, "SELECT count(*) FROM \"event_journal\" WHERE \"persistence_id\" = ?", "scatter-jobs",
          false);
      List<java.util.concurrent.CompletableFuture<Void>> ends = new java.util.ArrayList<>();
      for (int i = 0; i < jobs; i++) {
        JobJournal.Accepted small = journal.submit(new JobSubmitted("{}", "small " + i, i));
        ends.add(small.writer().end("{\"state\":\"SUCCEEDED\"}").toCompletableFuture());
      }
      java.util.concurrent.CompletableFuture.allOf(ends.toArray(java.util.concurrent.CompletableFuture[]::new))
          .get(20, java.util.concurrent.TimeUnit.SECONDS);

      long writes = count(url, "SELECT count(*) FROM \"event_journal\" WHERE \"persistence_id\" = ?", "scatter-jobs",
          false) - before;
      assertTrue(writes <= jobs + 1, writes + " registry writes for " + jobs + " registrations and " + jobs
          + " ends: each end but the last went with the next job's registration");
    }
  }

  @Test
  void theRegistrySnapshotsAfterAsManyWritesAsTheLastSnapshotHeldJobs_deletingWhatItHolds_andReadsBackEveryJob()
      throws Exception {
    String url = JournalDatabase.at(dir.toString(), "", "").url();
    int jobs = 2 * RegistryEntity.SNAPSHOT_EVERY + 20; // two snapshots: the first deleted by the second
    List<String> ids = new java.util.ArrayList<>();
    try (JobJournal journal = JobJournal.open(settings(), CONFIG)) {
      for (int i = 0; i < jobs; i++) { // one after another: a write each
        JobJournal.Accepted accepted = journal.submit(new JobSubmitted("{}", "job " + i, i));
        journal.awaitWritten(accepted);
        ids.add(accepted.id());
      }
      Eventually.await(Duration.ofSeconds(20), () -> "one snapshot, and the events it holds deleted: "
          + registrySnapshots(url)
          + " snapshot(s), " + registryEvents(url) + " events",
          () -> registrySnapshots(url) == 1
              && registryEvents(url) < jobs - 2 * RegistryEntity.SNAPSHOT_EVERY + 5);
    }
    try (JobJournal journal = JobJournal.open(settings(), CONFIG)) {
      assertEquals(ids, journal.recover().stream().map(JobJournal.Stored::id).toList());
      assertTrue(journal.submit(new JobSubmitted("{}", "next", 0)).id().startsWith((jobs + 1) + "-"));
    }
  }

  @Test
  void aSnapshotIsDueAfterAtLeastAThousandWrites_orAsManyAsTheLastOneHeldJobs() {
    assertTrue(!RegistryEntity.snapshotDue(999, 0, 10));
    assertTrue(RegistryEntity.snapshotDue(1000, 0, 10));
    assertTrue(!RegistryEntity.snapshotDue(5000, 1000, 40_000), "the last held 40,000 jobs: not before 40,000 writes");
    assertTrue(RegistryEntity.snapshotDue(41_000, 1000, 40_000));
  }

  private static long registrySnapshots(String url) throws Exception {
    return count(url, "SELECT count(*) FROM \"snapshot\" WHERE \"persistence_id\" = ?", "scatter-jobs", false);
  }

  private static long registryEvents(String url) throws Exception {
    return count(url, "SELECT count(*) FROM \"event_journal\" WHERE \"persistence_id\" = ?", "scatter-jobs", false);
  }

  @Test
  void anEmbeddedJournalKeepsOneIndexOnOrdering_andAnOlderJournalLosesItsSecond() throws Exception {
    try (JobJournal journal = JobJournal.open(settings(), CONFIG)) {
      journal.awaitWritten(journal.submit(new JobSubmitted("{}", "plan", 1)));
    }
    String url = JournalDatabase.at(dir.toString(), "", "").url();
    String orderingIndexes = "SELECT count(*) FROM INFORMATION_SCHEMA.INDEX_COLUMNS WHERE TABLE_NAME = ? AND COLUMN_NAME = 'ordering'";
    assertEquals(1, count(url, orderingIndexes, "event_journal", false));
    try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
      statement.execute("CREATE UNIQUE INDEX \"event_journal_ordering_idx\" ON \"event_journal\" (\"ordering\")");
    }
    assertEquals(2, count(url, orderingIndexes, "event_journal", false), "as journals made before had it");

    try (JobJournal journal = JobJournal.open(settings(), CONFIG)) {
      assertEquals(1, journal.recover().size());
    }
    assertEquals(1, count(url, orderingIndexes, "event_journal", false));
  }

  @Test
  void aJournalOfFormat2_isReadAndStampedWithThisFormat() throws Exception {
    String id;
    try (JobJournal journal = JobJournal.open(settings(), CONFIG)) {
      id = journal.submit(new JobSubmitted("{}", "plan", 1)).id();
    }
    String url = JournalDatabase.at(dir.toString(), "", "").url();
    try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
      statement.execute("UPDATE scatter_journal_format SET format = 2");
    }
    try (JobJournal journal = JobJournal.open(settings(), CONFIG)) {
      assertEquals(List.of(id), journal.recover().stream().map(JobJournal.Stored::id).toList());
    }
    try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
         var rows = statement.executeQuery("SELECT format FROM scatter_journal_format")) {
      rows.next();
      assertEquals(JournalDatabase.FORMAT, rows.getInt(1), "an older scatter now refuses it by its stamp");
    }
  }

  @Test
  void aJournalOfAnotherFormatIsRefusedAndLeftAsItWas() throws Exception {
    try (JobJournal journal = JobJournal.open(settings(), CONFIG)) {
      journal.submit(new JobSubmitted("{}", "plan", 1));
    }
    String url = JournalDatabase.at(dir.toString(), "", "").url();
    try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
      statement.execute("UPDATE scatter_journal_format SET format = 99");
    }
    IllegalStateException refused = assertThrows(IllegalStateException.class, () -> JobJournal.open(settings(), CONFIG));
    assertTrue(refused.getMessage().contains("journal format 99"), refused.getMessage());
    try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
         var rows = statement.executeQuery("SELECT count(*) FROM \"event_journal\"")) {
      rows.next();
      assertTrue(rows.getInt(1) > 0, "the refused journal's events are still there");
    }
  }

  @Test
  void aRecordThisVersionDoesNotKnowIsRefusedAtStartNamingIt() throws Exception {
    try (JobJournal journal = JobJournal.open(settings(), CONFIG)) {
      journal.submit(new JobSubmitted("{}", "plan", 1));
    }
    String url = JournalDatabase.at(dir.toString(), "", "").url();
    try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
      statement.execute("UPDATE \"event_journal\" SET \"event_ser_manifest\" = 'registered.9'");
    }
    IllegalStateException refused = assertThrows(IllegalStateException.class, () -> JobJournal.open(settings(), CONFIG));
    assertTrue(refused.getMessage().contains("registered.9"), refused.getMessage());
    assertTrue(Files.exists(dir.resolve("journal.mv.db")));
  }

  @Test
  void aJournalFileCutShort_isReadBackAsFarAsItWasWritten_orRefusedNamingIt() throws Exception {
    String id;
    try (JobJournal journal = JobJournal.open(settings(), CONFIG)) {
      JobJournal.Accepted accepted = journal.submit(new JobSubmitted("{}", "plan", 1));
      id = accepted.id();
      JobJournal.Writer writer = accepted.writer();
      for (long i = 0; i < 200; i++) {
        writer.results(List.of(new AcceptedResult(i, i)));
      }
    }
    Path file = dir.resolve("journal.mv.db");
    long size = Files.size(file);
    try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
      channel.truncate(size / 2); // through the chunks H2 wrote last: what a kill -9 mid-write leaves, and worse
    }
    JobJournal journal;
    try {
      journal = JobJournal.open(settings(), CONFIG);
    } catch (IllegalStateException refused) {
      // Refused is the other acceptable end: one line naming the journal, and its file left alone.
      assertTrue(refused.getMessage().startsWith("journal " + dir), refused.getMessage());
      assertEquals(size / 2, Files.size(file));
      return;
    }
    try (journal) {
      List<JobJournal.Stored> stored = journal.recover();
      List<AcceptedResult> results = stored.isEmpty() ? List.of() : stored.get(0).job().results();
      for (int i = 0; i < results.size(); i++) {
        assertEquals(new AcceptedResult(i, (long) i), results.get(i), "results read back are a prefix of those written");
      }
      System.out.println("torn journal (" + size + " bytes cut to half): " + stored.size() + " job(s), " + results.size() + " of 200 results read back");
    }
  }
}
