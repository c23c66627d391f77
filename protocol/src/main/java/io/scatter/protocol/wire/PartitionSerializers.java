package io.scatter.protocol.wire;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.scatter.protocol.LongRange;
import io.scatter.protocol.Partition;
import io.scatter.protocol.WorkerCommand;
import java.util.List;

/**
 * Compact forms for ranges and partitions, which are most of what a coordinator sends: an
 * {@link WorkerCommand.Assign} may carry a thousand partitions. The generic record form would
 * repeat the job id in every partition and spend a null marker on every range; here the job id
 * is written once per Assign and a range is two varints.
 */
final class PartitionSerializers {

  private PartitionSerializers() {
  }

  /**
   * {@code from} as a zig-zag varint (ranges may start far below zero) and the size as an unsigned
   * varint: {@code to - from} is exact in two's complement for every range, including
   * {@code [Long.MIN_VALUE, Long.MAX_VALUE)}, and small for the ranges of real partitions.
   */
  static final class LongRangeSerializer extends Serializer<LongRange> {

    LongRangeSerializer() {
      super(false, true);
    }

    @Override
    public void write(Kryo kryo, Output output, LongRange range) {
      writeRange(output, range);
    }

    @Override
    public LongRange read(Kryo kryo, Input input, Class<? extends LongRange> type) {
      return readRange(input);
    }
  }

  static final class PartitionSerializer extends Serializer<Partition> {

    PartitionSerializer() {
      super(false, true);
    }

    @Override
    public void write(Kryo kryo, Output output, Partition partition) {
      output.writeString(partition.jobId());
      writeBody(output, partition);
    }

    @Override
    public Partition read(Kryo kryo, Input input, Class<? extends Partition> type) {
      return readBody(input, input.readString());
    }
  }

  /**
   * The job id, the count, then each partition. A partition of the Assign's own job writes a
   * null string (one byte) in place of its job id; one of another job writes its id.
   */
  static final class AssignSerializer extends Serializer<WorkerCommand.Assign> {

    AssignSerializer() {
      super(false, true);
    }

    @Override
    public void write(Kryo kryo, Output output, WorkerCommand.Assign assign) {
      String jobId = assign.jobId();
      output.writeString(jobId);
      output.writeVarInt(assign.partitions().size(), true);
      for (Partition partition : assign.partitions()) {
        if (partition.jobId() == null) {
          // null marks "the Assign's job" on the wire, so a partition without a job id has no encoding.
          throw new IllegalArgumentException("partition " + partition.index() + " has no job id");
        }
        output.writeString(partition.jobId().equals(jobId) ? null : partition.jobId());
        writeBody(output, partition);
      }
    }

    @Override
    public WorkerCommand.Assign read(Kryo kryo, Input input, Class<? extends WorkerCommand.Assign> type) {
      String jobId = input.readString();
      // Each partition takes at least four bytes: job id marker, index, attempt, range.
      Partition[] partitions = new Partition[ImmutableCollectionSerializers.readSize(input, 4)];
      for (int i = 0; i < partitions.length; i++) {
        String own = input.readString();
        partitions[i] = readBody(input, own == null ? jobId : own);
      }
      return new WorkerCommand.Assign(jobId, List.of(partitions));
    }
  }

  private static void writeBody(Output output, Partition partition) {
    output.writeVarLong(partition.index(), true);
    output.writeVarInt(partition.attempt(), true);
    writeRange(output, partition.range());
  }

  private static Partition readBody(Input input, String jobId) {
    long index = input.readVarLong(true);
    int attempt = input.readVarInt(true);
    return new Partition(jobId, index, attempt, readRange(input));
  }

  private static void writeRange(Output output, LongRange range) {
    output.writeVarLong(range.from(), false);
    output.writeVarLong(range.size(), true);
  }

  private static LongRange readRange(Input input) {
    long from = input.readVarLong(false);
    long size = input.readVarLong(true);
    return new LongRange(from, from + size);
  }
}
