package io.scatter.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What GET /nodes shows, put together from members, listed workers and the jobs' leases, without actors. */
final class NodeTableTest {

  private static NodeReport member(String address, String name, String role, boolean self) {
    return new NodeReport(address, Optional.ofNullable(name), List.of(role), "up", true, self, List.of());
  }

  private static final String N1 = "pekko://c@h:1/user/";
  private static final String N2 = "pekko://c@h:2/user/";

  @Test
  void assemble_workersUnderTheirNodes_jobsByWorkerPath_selfFirst() {
    List<NodeReport> nodes = NodeTable.assemble(
        List.of(member("h:2", "node-2", "worker", false), member("h:1", "node-1", "worker", false),
            member("h:9", null, "coordinator", true)),
        List.of(new NodeTable.WorkerAt("h:1", "worker-10", N1 + "worker-10"),
            new NodeTable.WorkerAt("h:2", "worker-1", N2 + "worker-1"),
            new NodeTable.WorkerAt("h:1", "worker-2", N1 + "worker-2")),
        Map.of(N1 + "worker-2", List.of(new NodeReport.Work("b", 2), new NodeReport.Work("a", 0)),
            N2 + "worker-1", List.of(new NodeReport.Work("a", 5))));

    assertEquals(List.of("h:9", "h:1", "h:2"), nodes.stream().map(NodeReport::address).toList());
    assertEquals(List.of(), nodes.get(0).workers());
    NodeReport node1 = nodes.get(1);
    assertEquals(List.of("worker-2", "worker-10"), node1.workers().stream().map(NodeReport.Worker::name).toList());
    assertEquals(List.of(new NodeReport.Work("a", 0), new NodeReport.Work("b", 2)), node1.workers().get(0).jobs(),
        "by job id");
    assertEquals(2, node1.workers().get(0).leased());
    assertEquals(List.of(), node1.workers().get(1).jobs(), "a worker no job has offered work is idle");
    assertEquals(5, nodes.get(2).workers().get(0).leased());
  }

  @Test
  void assemble_workerOfANodeThatIsNoMember_isShownUnderThatAddressAsNotAMember() {
    List<NodeReport> nodes = NodeTable.assemble(List.of(member("h:9", null, "coordinator", true)),
        List.of(new NodeTable.WorkerAt("h:3", "worker-1", "pekko://c@h:3/user/worker-1")), Map.of());

    assertEquals(2, nodes.size());
    NodeReport gone = nodes.get(1);
    assertEquals("h:3", gone.address());
    assertEquals(NodeTable.NOT_A_MEMBER, gone.status());
    assertTrue(!gone.reachable() && !gone.self());
    assertEquals(1, gone.workers().size());
  }

  @Test
  void byNumber_ordersNamesThatDifferInTheirNumberNumerically() {
    assertTrue(NodeTable.byNumber("worker-2", "worker-10") < 0);
    assertTrue(NodeTable.byNumber("node-1", "node-2") < 0);
    assertEquals(0, NodeTable.byNumber("a", "a"));
  }
}
