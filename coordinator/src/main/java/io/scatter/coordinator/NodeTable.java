package io.scatter.coordinator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Puts together what {@code GET /nodes} shows from what three sources know: the members (cluster
 * membership), the workers (the Receptionist listing) and each job's leases (its coordinator's
 * ledger). Pure: names and addresses in, reports out.
 */
final class NodeTable {

  /** Status of a node known only because a worker there is listed: it is no longer (or not yet) a member. */
  static final String NOT_A_MEMBER = "not a member";

  /**
   * A listed worker actor.
   *
   * @param nodeAddress the {@link NodeReport#address()} of its node
   */
  record WorkerAt(String nodeAddress, String name, String path) { }

  private NodeTable() {
  }

  /**
   * The members, this coordinator first, then by name and address; each with its workers (by
   * number: worker-2 before worker-10) and, for each worker, the jobs serving on it by id.
   *
   * @param members every member, with no workers yet
   * @param work    by worker path, the jobs it serves and what each has leased to it
   */
  static List<NodeReport> assemble(List<NodeReport> members, List<WorkerAt> workers, Map<String, List<NodeReport.Work>> work) {
    Map<String, NodeReport> byAddress = new LinkedHashMap<>();
    members.forEach(member -> byAddress.put(member.address(), member));
    Map<String, List<NodeReport.Worker>> workersByNode = new LinkedHashMap<>();
    for (WorkerAt worker : workers) {
      List<NodeReport.Work> jobs = new ArrayList<>(work.getOrDefault(worker.path(), List.of()));
      jobs.sort(Comparator.comparing(NodeReport.Work::jobId));
      workersByNode.computeIfAbsent(worker.nodeAddress(), address -> new ArrayList<>())
          .add(new NodeReport.Worker(worker.name(), worker.path(), jobs));
      byAddress.computeIfAbsent(worker.nodeAddress(), address ->
          new NodeReport(address, Optional.empty(), List.of(), NOT_A_MEMBER, false, false, List.of()));
    }
    List<NodeReport> nodes = new ArrayList<>();
    for (NodeReport node : byAddress.values()) {
      List<NodeReport.Worker> its = workersByNode.getOrDefault(node.address(), new ArrayList<>());
      its.sort(Comparator.comparing(NodeReport.Worker::name, NodeTable::byNumber));
      nodes.add(node.withWorkers(its));
    }
    nodes.sort(Comparator.comparing(NodeReport::self).reversed()
        .thenComparing(node -> node.name().orElse(""), NodeTable::byNumber)
        .thenComparing(NodeReport::address, NodeTable::byNumber));
    return nodes;
  }

  /** "worker-2" before "worker-10": shorter first, then as text (the names differ only in their number). */
  static int byNumber(String a, String b) {
    return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
  }
}
