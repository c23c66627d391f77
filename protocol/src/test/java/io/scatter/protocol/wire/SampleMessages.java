package io.scatter.protocol.wire;

import io.scatter.protocol.CoordinatorCommand;
import io.scatter.protocol.LongRange;
import io.scatter.protocol.Partition;
import io.scatter.protocol.PartitionOutcome;
import io.scatter.protocol.RangePlan;
import io.scatter.protocol.TaskRef;
import io.scatter.protocol.WorkerCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;

/** Realistic protocol messages, shared by the tests and the size benchmark. */
final class SampleMessages {

  /** Job ids are eight hex digits (see the coordinator's Job). */
  static final String JOB_ID = "3f9c2a71";
  /** The range of the README's primes example, cut into 1024 partitions. */
  static final RangePlan PLAN = RangePlan.byCount(new LongRange(0, 50_000_000), 1024);

  private SampleMessages() {
  }

  static TaskRef task() {
    return new TaskRef("spin", Map.of("ns", "1000"));
  }

  static WorkerCommand.Offer offer(ActorRef<CoordinatorCommand> coordinator) {
    return new WorkerCommand.Offer(JOB_ID, task(), coordinator);
  }

  /** {@code count} (at most 1024) consecutive partitions from the middle of the plan, first attempts. */
  static WorkerCommand.Assign assign(int count) {
    List<Partition> partitions = new ArrayList<>(count);
    long first = (PLAN.count() - count) / 2;
    for (long index = first; index < first + count; index++) {
      partitions.add(new Partition(JOB_ID, index, 1, PLAN.partition(index)));
    }
    return new WorkerCommand.Assign(JOB_ID, partitions);
  }

  /** Results of {@code count} partitions of the primes task: a prime count each, a few ms of compute. */
  static CoordinatorCommand.Pull pullWithLongs(ActorRef<WorkerCommand> worker, int count) {
    List<PartitionOutcome> outcomes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long index = 512 + i;
      outcomes.add(new PartitionOutcome.Completed(index, 1, 2_700L + (index * 7919) % 400, 3_000_000L + i * 12_345L));
    }
    return new CoordinatorCommand.Pull(worker, JOB_ID, outcomes, count);
  }
}
