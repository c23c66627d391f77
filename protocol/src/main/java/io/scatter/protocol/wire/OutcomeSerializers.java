package io.scatter.protocol.wire;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.scatter.protocol.CoordinatorCommand;
import io.scatter.protocol.PartialResult;
import io.scatter.protocol.PartitionOutcome;
import io.scatter.protocol.WorkerCommand;
import java.util.List;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Outcomes are what workers send most: one per partition, up to a thousand in a Pull. The generic
 * record serializer reaches every component through reflection and boxes every primitive; these
 * write varints directly, and a Pull writes its outcomes inline behind a one-byte tag instead of
 * a list of objects that each carry a class id.
 */
final class OutcomeSerializers {

  private static final int COMPLETED = 0;
  private static final int FAILED = 1;

  private OutcomeSerializers() {
  }

  /**
   * The worker, job id, want, then the outcomes, each a tag and its fields. The job id comes before
   * any result, so its results are written and read with the job's own types ({@link JobWireTypes}).
   */
  static final class PullSerializer extends Serializer<CoordinatorCommand.Pull> {

    private final Supplier<JobWireTypes> jobTypes;

    PullSerializer(Supplier<JobWireTypes> jobTypes) {
      super(false, true);
      this.jobTypes = jobTypes;
    }

    @Override
    public void write(Kryo kryo, Output output, CoordinatorCommand.Pull pull) {
      kryo.writeObjectOrNull(output, pull.worker(), ActorRef.class);
      output.writeString(pull.jobId());
      output.writeVarInt(pull.want(), true);
      output.writeVarInt(pull.outcomes().size(), true);
      try (JobWireTypes.Scope ignored = jobTypes.get().enter(kryo, pull.jobId())) {
        for (PartitionOutcome outcome : pull.outcomes()) {
          // PartitionOutcome is sealed: these are the only two kinds.
          if (outcome instanceof PartitionOutcome.Completed completed) {
            output.writeByte(COMPLETED);
            writeCompleted(kryo, output, completed);
          } else {
            output.writeByte(FAILED);
            writeFailed(output, (PartitionOutcome.Failed) outcome);
          }
        }
      }
    }

    @Override
    @SuppressWarnings("unchecked")
    public CoordinatorCommand.Pull read(Kryo kryo, Input input, Class<? extends CoordinatorCommand.Pull> type) {
      ActorRef<WorkerCommand> worker = kryo.readObjectOrNull(input, ActorRef.class);
      String jobId = input.readString();
      int want = input.readVarInt(true);
      // Each outcome takes at least four bytes: tag, index, attempt and one more field.
      PartitionOutcome[] outcomes = new PartitionOutcome[ImmutableCollectionSerializers.readSize(input, 4)];
      try (JobWireTypes.Scope ignored = jobTypes.get().enter(kryo, jobId)) {
        for (int i = 0; i < outcomes.length; i++) {
          int tag = input.readByte();
          outcomes[i] = switch (tag) {
            case COMPLETED -> readCompleted(kryo, input);
            case FAILED -> readFailed(input);
            default -> throw new KryoException("corrupt input: unknown outcome tag " + tag);
          };
        }
      }
      return new CoordinatorCommand.Pull(worker, jobId, List.of(outcomes), want);
    }
  }

  /**
   * A leaving worker's hand-back: the worker, the job id, the indices not started, then each begun
   * partition's part with its result, read with the job's own types as a {@link PullSerializer} reads.
   */
  static final class ReturnSerializer extends Serializer<CoordinatorCommand.Return> {

    private final Supplier<JobWireTypes> jobTypes;

    ReturnSerializer(Supplier<JobWireTypes> jobTypes) {
      super(false, true);
      this.jobTypes = jobTypes;
    }

    @Override
    public void write(Kryo kryo, Output output, CoordinatorCommand.Return handBack) {
      kryo.writeObjectOrNull(output, handBack.worker(), ActorRef.class);
      output.writeString(handBack.jobId());
      output.writeVarInt(handBack.indices().size(), true);
      for (long index : handBack.indices()) {
        output.writeVarLong(index, true);
      }
      output.writeVarInt(handBack.begun().size(), true);
      try (JobWireTypes.Scope ignored = jobTypes.get().enter(kryo, handBack.jobId())) {
        for (PartialResult part : handBack.begun()) {
          output.writeVarLong(part.index(), true);
          output.writeVarInt(part.attempt(), true);
          output.writeLong(part.upTo());
          output.writeVarLong(part.computeNanos(), true);
          output.writeVarLong(part.cpuNanos() - PartitionOutcome.Completed.CPU_UNKNOWN, true);
          kryo.writeClassAndObject(output, part.value());
        }
      }
    }

    @Override
    @SuppressWarnings("unchecked")
    public CoordinatorCommand.Return read(Kryo kryo, Input input, Class<? extends CoordinatorCommand.Return> type) {
      ActorRef<WorkerCommand> worker = kryo.readObjectOrNull(input, ActorRef.class);
      String jobId = input.readString();
      Long[] indices = new Long[ImmutableCollectionSerializers.readSize(input, 1)];
      for (int i = 0; i < indices.length; i++) {
        indices[i] = input.readVarLong(true);
      }
      // Each part takes at least twelve bytes: index, attempt, eight of upTo, times and a value.
      PartialResult[] begun = new PartialResult[ImmutableCollectionSerializers.readSize(input, 12)];
      try (JobWireTypes.Scope ignored = jobTypes.get().enter(kryo, jobId)) {
        for (int i = 0; i < begun.length; i++) {
          long index = input.readVarLong(true);
          int attempt = input.readVarInt(true);
          long upTo = input.readLong();
          long computeNanos = input.readVarLong(true);
          long cpuNanos = input.readVarLong(true) + PartitionOutcome.Completed.CPU_UNKNOWN;
          begun[i] = new PartialResult(index, attempt, upTo, kryo.readClassAndObject(input), computeNanos, cpuNanos);
        }
      }
      return new CoordinatorCommand.Return(worker, jobId, List.of(indices), List.of(begun));
    }
  }

  /** Index, attempt, compute time, CPU time, then the value with its class id (a task's result type). */
  static final class CompletedSerializer extends Serializer<PartitionOutcome.Completed> {

    CompletedSerializer() {
      super(false, true);
    }

    @Override
    public void write(Kryo kryo, Output output, PartitionOutcome.Completed completed) {
      writeCompleted(kryo, output, completed);
    }

    @Override
    public PartitionOutcome.Completed read(Kryo kryo, Input input, Class<? extends PartitionOutcome.Completed> type) {
      return readCompleted(kryo, input);
    }
  }

  static final class FailedSerializer extends Serializer<PartitionOutcome.Failed> {

    FailedSerializer() {
      super(false, true);
    }

    @Override
    public void write(Kryo kryo, Output output, PartitionOutcome.Failed failed) {
      writeFailed(output, failed);
    }

    @Override
    public PartitionOutcome.Failed read(Kryo kryo, Input input, Class<? extends PartitionOutcome.Failed> type) {
      return readFailed(input);
    }
  }

  private static void writeCompleted(Kryo kryo, Output output, PartitionOutcome.Completed completed) {
    output.writeVarLong(completed.index(), true);
    output.writeVarInt(completed.attempt(), true);
    output.writeVarLong(completed.computeNanos(), true);
    // Shifted by one so "not measured" (-1) is the one-byte varint 0.
    output.writeVarLong(completed.cpuNanos() - PartitionOutcome.Completed.CPU_UNKNOWN, true);
    kryo.writeClassAndObject(output, completed.value());
  }

  private static PartitionOutcome.Completed readCompleted(Kryo kryo, Input input) {
    long index = input.readVarLong(true);
    int attempt = input.readVarInt(true);
    long computeNanos = input.readVarLong(true);
    long cpuNanos = input.readVarLong(true) + PartitionOutcome.Completed.CPU_UNKNOWN;
    return new PartitionOutcome.Completed(index, attempt, kryo.readClassAndObject(input), computeNanos, cpuNanos);
  }

  private static void writeFailed(Output output, PartitionOutcome.Failed failed) {
    output.writeVarLong(failed.index(), true);
    output.writeVarInt(failed.attempt(), true);
    output.writeString(failed.error());
  }

  private static PartitionOutcome.Failed readFailed(Input input) {
    return new PartitionOutcome.Failed(input.readVarLong(true), input.readVarInt(true), input.readString());
  }
}
