package io.scatter.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.scatter.coordinator.AcceptedResult;
import io.scatter.journal.JournalRecord.JobEnded;
import io.scatter.journal.JournalRecord.JobEndedEarly;
import io.scatter.journal.JournalRecord.JobEvent;
import io.scatter.journal.JournalRecord.JobRegistered;
import io.scatter.journal.JournalRecord.JobSubmitted;
import io.scatter.journal.JournalRecord.RegistryEvent;
import io.scatter.journal.JournalRecord.ResultsAccepted;
import io.scatter.testing.TestConfig;
import java.io.NotSerializableException;
import java.math.BigInteger;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A job's journaled state is the same whether its events were applied as they were written or read
 * back from the journal, from the start or from a snapshot taken anywhere on the way.
 */
class JournaledJobProperties {

  private static final ActorSystem<Void> SYSTEM = ActorSystem.create(Behaviors.empty(), "journal-properties",
      JobJournal.systemConfig(JournalDatabase.at("jdbc:h2:mem:unused", "", ""), TestConfig.load()));
  private static final JournalSerializer SERIALIZER =
      new JournalSerializer((ExtendedActorSystem) Adapter.toClassic(SYSTEM));

  @AfterContainer
  static void stop() {
    SYSTEM.terminate();
  }

  @Property(tries = 200)
  void replayedEvents_fromAnySnapshot_giveTheStateTheLiveEventsGave(@ForAll("jobEvents") List<JobEvent> events,
      @ForAll("fraction") double snapshotAt) throws NotSerializableException {
    JournaledJob live = JournaledJob.EMPTY;
    for (JobEvent event : events) {
      live = live.updated(event);
    }
    int cut = (int) (snapshotAt * events.size());
    JournaledJob replayed = JournaledJob.EMPTY;
    for (int i = 0; i < events.size(); i++) {
      if (i == cut) {
        replayed = roundTrip(replayed);
      }
      replayed = replayed.updated(roundTrip(events.get(i)));
    }
    assertEquals(live, replayed);
    assertEquals(live.resultCount(), replayed.resultCount());
    assertEquals(live.isEnded() ? List.of() : results(events), replayed.results());
  }

  @Property(tries = 200)
  void aReplayedRegistry_isTheLiveOne(@ForAll("registryEvents") List<RegistryEvent> events) throws Exception {
    JobRegistry live = JobRegistry.EMPTY;
    JobRegistry replayed = JobRegistry.EMPTY;
    for (RegistryEvent event : events) {
      live = live.updated(event);
      replayed = roundTrip(replayed.updated(roundTrip(event)));
    }
    assertEquals(live, replayed);
    for (String id : live.ids()) {
      assertEquals(live.endedView(id), replayed.endedView(id), "how job " + id + " ended");
    }
  }

  /** Journal format 2 (before small jobs ended in the registry) is still read: its records as they were. */
  @net.jqwik.api.Example
  void aFormat2RegistryEvent_readsAsOneWhereNoJobEndedEarly() throws Exception {
    var bytes = new java.io.ByteArrayOutputStream();
    try (var out = new java.io.DataOutputStream(bytes)) {
      out.writeInt(1); // registered
      out.writeLong(7);
      writeString(out, "7-abc");
      writeString(out, "{}");
      writeString(out, "spin 0..10/10");
      out.writeLong(42);
      out.writeInt(1); // forgotten
      writeString(out, "3-abc");
    }
    Object read = SERIALIZER.fromBinary(bytes.toByteArray(), "registry-event.2");

    assertEquals(new RegistryEvent(List.of(new JobRegistered(7, "7-abc", new JobSubmitted("{}", "spin 0..10/10", 42))),
        List.of(), List.of("3-abc")), read);
  }

  /** Formats 2 and 3 wrote every result's value as the wire does; format 4 reads those still. */
  @net.jqwik.api.Example
  void aFormat3ResultsRecord_readsWithItsValuesAsTheWireWroteThem() throws Exception {
    var wire = org.apache.pekko.serialization.SerializationExtension.get(Adapter.toClassic(SYSTEM))
        .serializerByIdentity().apply(io.scatter.protocol.wire.KryoSerializer.IDENTIFIER);
    var bytes = new java.io.ByteArrayOutputStream();
    try (var out = new java.io.DataOutputStream(bytes)) {
      out.writeInt(2);
      for (AcceptedResult result : List.of(new AcceptedResult(3, 42L), new AcceptedResult(5, BigInteger.TEN.pow(30)))) {
        out.writeLong(result.index());
        byte[] value = wire.toBinary(result.value());
        out.writeInt(value.length);
        out.write(value);
      }
    }
    Object read = SERIALIZER.fromBinary(bytes.toByteArray(), "results.1");

    assertEquals(new ResultsAccepted(List.of(new AcceptedResult(3, 42L), new AcceptedResult(5, BigInteger.TEN.pow(30)))),
        read);
  }

  private static void writeString(java.io.DataOutputStream out, String text) throws java.io.IOException {
    byte[] utf8 = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private static List<AcceptedResult> results(List<JobEvent> events) {
    return events.stream().filter(ResultsAccepted.class::isInstance)
        .flatMap(event -> ((ResultsAccepted) event).results().stream()).toList();
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T record) throws NotSerializableException {
    return (T) SERIALIZER.fromBinary(SERIALIZER.toBinary(record), SERIALIZER.manifest(record));
  }

  @Provide
  Arbitrary<Double> fraction() {
    return Arbitraries.doubles().between(0, 1);
  }

  @Provide
  Arbitrary<List<JobEvent>> jobEvents() {
    Arbitrary<Object> value = Arbitraries.oneOf(Arbitraries.longs().map(Object.class::cast),
        Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.TEN.pow(60)).map(Object.class::cast));
    Arbitrary<AcceptedResult> result = Arbitraries.longs().between(0, 1_000_000)
        .flatMap(index -> value.map(v -> new AcceptedResult(index, v)));
    Arbitrary<JobEvent> accepted = result.list().ofMaxSize(5).map(ResultsAccepted::new);
    Arbitrary<JobEvent> ended = Arbitraries.strings().ofMaxLength(30).map(JobEnded::new);
    return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(8, accepted), net.jqwik.api.Tuple.of(1, ended)).list()
        .ofMaxSize(30);
  }

  @Provide
  Arbitrary<List<RegistryEvent>> registryEvents() {
    Arbitrary<String> id = Arbitraries.integers().between(1, 8).map(n -> n + "-abc");
    Arbitrary<JobSubmitted> submitted = Arbitraries.strings().ofMaxLength(30)
        .map(text -> new JobSubmitted("{\"task\":\"" + text + "\"}", text, text.length()));
    Arbitrary<JobRegistered> registered = id.flatMap(i -> submitted.map(
        sub -> new JobRegistered(Long.parseLong(i.split("-")[0]), i, sub)));
    Arbitrary<JobEndedEarly> ended = id.flatMap(i -> Arbitraries.strings().ofMaxLength(20)
        .map(view -> new JobEndedEarly(i, "{\"state\":\"" + view + "\"}")));
    return Combinators.combine(registered.list().ofMaxSize(4), ended.list().ofMaxSize(3), id.list().ofMaxSize(3))
        .as(RegistryEvent::new).list().ofMaxSize(12);
  }
}
