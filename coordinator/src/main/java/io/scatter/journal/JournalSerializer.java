package io.scatter.journal;

import io.scatter.coordinator.AcceptedResult;
import io.scatter.journal.JournalRecord.JobEnded;
import io.scatter.journal.JournalRecord.JobEndedEarly;
import io.scatter.journal.JournalRecord.JobRegistered;
import io.scatter.journal.JournalRecord.JobSubmitted;
import io.scatter.journal.JournalRecord.RegistryEvent;
import io.scatter.journal.JournalRecord.ResultsAccepted;
import io.scatter.protocol.wire.KryoSerializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * Writes {@link JournalRecord}s for the journal: plain fields in a fixed order, and each result's
 * value as the wire writes it (scatter's Kryo, registration required), so a result reads back as
 * the class it was and nothing unregistered is ever instantiated. The manifest names the record and
 * the format version; one this scatter does not know fails recovery, naming it, rather than being
 * guessed at.
 */
public final class JournalSerializer extends SerializerWithStringManifest {

  /** Unique among the journal system's serializers, beside the wire's 0x5CA7; Pekko reserves 0-40. */
  public static final int IDENTIFIER = 0x5CA8;

  /** Format 4's results: a {@code Long} value as its 8 bytes, any other as the wire writes it. */
  private static final String RESULTS = "results.2";
  /** Formats 2 and 3's results, read still: every value as the wire writes it. */
  private static final String RESULTS_1 = "results.1";
  /** How a value follows its index in {@link #RESULTS}. */
  private static final byte LONG_VALUE = 0;
  private static final byte WIRE_VALUE = 1;
  private static final String ENDED = "job-ended.1";
  private static final String REGISTRY_EVENT = "registry-event.3";
  /** A job's snapshot; format 4's writes its results as {@link #RESULTS} does. */
  private static final String JOB = "job.3";
  private static final String JOB_2 = "job.2";
  private static final String REGISTRY = "registry.3";
  /** Journal format 2's registry records, read still: the same, without jobs that ended early. */
  private static final String REGISTRY_EVENT_2 = "registry-event.2";
  private static final String REGISTRY_2 = "registry.2";

  private final ExtendedActorSystem system;
  private volatile Serializer values;

  public JournalSerializer(ExtendedActorSystem system) {
    this.system = system;
  }

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public String manifest(Object record) {
    if (record instanceof ResultsAccepted) {
      return RESULTS;
    } else if (record instanceof JobEnded) {
      return ENDED;
    } else if (record instanceof RegistryEvent) {
      return REGISTRY_EVENT;
    } else if (record instanceof JournaledJob) {
      return JOB;
    } else if (record instanceof JobRegistry) {
      return REGISTRY;
    }
    throw new IllegalArgumentException("not a journal record: " + record.getClass().getName());
  }

  @Override
  public byte[] toBinary(Object record) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      if (record instanceof ResultsAccepted accepted) {
        writeResults(out, accepted.results());
      } else if (record instanceof JobEnded ended) {
        writeString(out, ended.viewJson());
      } else if (record instanceof RegistryEvent event) {
        out.writeInt(event.registered().size());
        for (JobRegistered registered : event.registered()) {
          out.writeLong(registered.number());
          writeString(out, registered.id());
          writeSubmitted(out, registered.submitted());
        }
        out.writeInt(event.ended().size());
        for (JobEndedEarly ended : event.ended()) {
          writeString(out, ended.id());
          writeString(out, ended.viewJson());
        }
        out.writeInt(event.forgotten().size());
        for (String id : event.forgotten()) {
          writeString(out, id);
        }
      } else if (record instanceof JournaledJob job) {
        writeJob(out, job);
      } else if (record instanceof JobRegistry registry) {
        out.writeLong(registry.lastNumber());
        out.writeInt(registry.size());
        registry.forEach((id, kept) -> writeKept(out, id, kept));
      } else {
        throw new IllegalArgumentException("not a journal record: " + record.getClass().getName());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail
    }
    return bytes.toByteArray();
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      Object record = switch (manifest) {
        case RESULTS -> new ResultsAccepted(readResults(in, true));
        case RESULTS_1 -> new ResultsAccepted(readResults(in, false));
        case ENDED -> new JobEnded(readString(in));
        case REGISTRY_EVENT -> readRegistryEvent(in, true);
        case REGISTRY_EVENT_2 -> readRegistryEvent(in, false);
        case JOB -> readJob(in, true);
        case JOB_2 -> readJob(in, false);
        case REGISTRY -> readRegistry(in, true);
        case REGISTRY_2 -> readRegistry(in, false);
        default -> throw new NotSerializableException("journal record '" + manifest
            + "' is not one this scatter reads (written by another version?)");
      };
      if (in.available() > 0) {
        throw new NotSerializableException("journal record '" + manifest + "' has " + in.available()
            + " bytes more than it should");
      }
      return record;
    } catch (NotSerializableException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new NotSerializableException("journal record '" + manifest + "' cannot be read: " + e);
    }
  }

  private static void writeSubmitted(DataOutputStream out, JobSubmitted submitted) throws IOException {
    writeString(out, submitted.requestJson());
    writeString(out, submitted.plan());
    out.writeLong(submitted.submittedMillis());
  }

  private static void writeKept(DataOutputStream out, String id, JobRegistry.Kept kept) {
    try {
      writeString(out, id);
      writeSubmitted(out, kept.submitted());
      out.writeBoolean(kept.endedView() != null);
      if (kept.endedView() != null) {
        writeString(out, kept.endedView());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail
    }
  }

  private static JobSubmitted readSubmitted(DataInputStream in) throws IOException {
    return new JobSubmitted(readString(in), readString(in), in.readLong());
  }

  private void writeJob(DataOutputStream out, JournaledJob job) throws IOException {
    writeResults(out, job.results());
    out.writeBoolean(job.isEnded());
    if (job.isEnded()) {
      writeString(out, job.endedView().get());
    }
  }

  private JournaledJob readJob(DataInputStream in, boolean tagged) throws IOException {
    List<AcceptedResult> results = readResults(in, tagged);
    String ended = in.readBoolean() ? readString(in) : null;
    return new JournaledJob(results.isEmpty() ? null : new JournaledJob.Batch(results, null), results.size(),
        ended);
  }

  /** @param withEnded format 3's, which carries the jobs that ended early */
  private static RegistryEvent readRegistryEvent(DataInputStream in, boolean withEnded) throws IOException {
    int count = checkedCount(in);
    List<JobRegistered> registered = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      registered.add(new JobRegistered(in.readLong(), readString(in), readSubmitted(in)));
    }
    List<JobEndedEarly> ended = new ArrayList<>();
    if (withEnded) {
      count = checkedCount(in);
      for (int i = 0; i < count; i++) {
        ended.add(new JobEndedEarly(readString(in), readString(in)));
      }
    }
    count = checkedCount(in);
    List<String> forgotten = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      forgotten.add(readString(in));
    }
    return new RegistryEvent(registered, ended, forgotten);
  }

  /** A count a damaged record gets wrong is refused before a list of it is allocated (each item takes 4 bytes or more). */
  private static int checkedCount(DataInputStream in) throws IOException {
    int count = in.readInt();
    if (count < 0 || count > in.available() / 4) {
      throw new IOException("a count of " + count + " with " + in.available() + " bytes left");
    }
    return count;
  }

  /** @param withEnded format 3's, which keeps how the jobs that ended early ended */
  private static JobRegistry readRegistry(DataInputStream in, boolean withEnded) throws IOException {
    long last = in.readLong();
    int count = checkedCount(in);
    Map<String, JobRegistry.Kept> jobs = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      String id = readString(in);
      JobSubmitted submitted = readSubmitted(in);
      jobs.put(id, new JobRegistry.Kept(submitted, withEnded && in.readBoolean() ? readString(in) : null));
    }
    return JobRegistry.of(last, jobs);
  }

  /**
   * Most tasks' values are {@code Long}s (sums, counts): written as 8 bytes, not through the wire's Kryo,
   * whose per-value pool and buffer took nine tenths of the journal's CPU on a million no-op results.
   */
  private void writeResults(DataOutputStream out, List<AcceptedResult> results) throws IOException {
    out.writeInt(results.size());
    for (AcceptedResult result : results) {
      out.writeLong(result.index());
      if (result.value() instanceof Long value) {
        out.writeByte(LONG_VALUE);
        out.writeLong(value);
      } else {
        out.writeByte(WIRE_VALUE);
        byte[] value = values().toBinary(result.value());
        out.writeInt(value.length);
        out.write(value);
      }
    }
  }

  /** @param tagged format 4's results, each value after a byte saying how it is written; else each as the wire writes it */
  private List<AcceptedResult> readResults(DataInputStream in, boolean tagged) throws IOException {
    int count = checkedCount(in);
    List<AcceptedResult> results = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long index = in.readLong();
      byte how = tagged ? in.readByte() : WIRE_VALUE;
      Object value = switch (how) {
        case LONG_VALUE -> in.readLong();
        case WIRE_VALUE -> values().fromBinary(readBytes(in));
        default -> throw new IOException("a result value written as " + how + ", which is neither a long nor the wire's");
      };
      results.add(new AcceptedResult(index, value));
    }
    return results;
  }

  private static void writeString(DataOutputStream out, String value) throws IOException {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private static String readString(DataInputStream in) throws IOException {
    return new String(readBytes(in), StandardCharsets.UTF_8);
  }

  /** A length a damaged record gets wrong is refused before it is allocated. */
  private static byte[] readBytes(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > in.available()) {
      throw new IOException("a length of " + length + " with " + in.available() + " bytes left");
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return bytes;
  }

  /** The wire's serializer, found on first use: serializers are made while the system starts. */
  private Serializer values() {
    Serializer current = values;
    if (current == null) {
      current = SerializationExtension.get(system).serializerByIdentity().apply(KryoSerializer.IDENTIFIER);
      values = current;
    }
    return current;
  }
}
