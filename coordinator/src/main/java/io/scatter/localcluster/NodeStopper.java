package io.scatter.localcluster;

import io.scatter.journal.JobJournal;
import io.scatter.node.ClusterAddress;
import io.scatter.node.MemberStop;
import io.scatter.time.Ticker;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Ends the local cluster's JVMs: gracefully (SIGTERM, they leave the cluster) or at once (SIGKILL, for fault injection). */
public final class NodeStopper {

  private NodeStopper() {
  }

  /**
   * Sends SIGTERM to the coordinator and every live node at once, waits up to {@code grace} for them
   * to leave, SIGKILLs the rest,
   * and removes scatter's files from the state folder (the folder too, if scatter made it and
   * nothing else is in it). A node whose pid now belongs to another process is reported gone and
   * never signalled.
   *
   * @param ticker what the waits for the processes to end are timed by
   * @return one line per node saying how it ended
   */
  public static List<String> down(Path stateDir, LocalClusterTimes times, Ticker ticker) {
    return down(stateDir, times, ticker, false);
  }

  /**
   * As {@link #down(Path, LocalClusterTimes, Ticker)}; the coordinator's job journal goes too, unless
   * {@code keepJournal}: then the next {@code cluster up} in the folder lists its jobs and resumes those
   * that had not ended.
   */
  public static List<String> down(Path stateDir, LocalClusterTimes times, Ticker ticker, boolean keepJournal) {
    Duration grace = times.stopGrace();
    Optional<LocalCluster> cluster = LocalCluster.read(stateDir);
    List<String> report = new ArrayList<>();
    if (cluster.isEmpty()) {
      return report;
    }
    // Every JVM at once: each graceful leave is mostly waiting (gossip, the leader's next round), so
    // stopping them one after another cost their sum, 2 s for the coordinator and 3 s for a node.
    // The coordinator's jobs end with it either way; its journal keeps those that had not ended.
    announceStopping(stateDir, cluster.get());
    if (!keepJournal) {
      discardJournal(stateDir);
    }
    List<Stopping> stopping = new ArrayList<>();
    cluster.get().coordinatorRecord().ifPresent(coordinator -> {
      String name = coordinator.name() + " (pid " + coordinator.pid() + ")";
      Optional<ProcessHandle> handle = coordinator.process();
      if (handle.isEmpty()) {
        report.add(name + " was not running" + (ProcessHandle.of(coordinator.pid()).map(ProcessHandle::isAlive)
            .orElse(false) ? "; pid " + coordinator.pid() + " now belongs to another process, not signalled" : ""));
      } else {
        handle.get().destroy();
        stopping.add(new Stopping(name, handle.get(), name + " stopped"));
      }
    });
    for (LocalCluster.Node node : cluster.get().nodes()) {
      Optional<ProcessHandle> handle = node.process();
      if (handle.isEmpty()) {
        report.add(node.gone());
        continue;
      }
      handle.get().destroy();
      String name = node.name() + " (pid " + handle.get().pid() + ")";
      stopping.add(new Stopping(name, handle.get(), name + " stopped"));
    }
    long deadline = ticker.read() + grace.toNanos();
    List<Stopping> killed = new ArrayList<>();
    for (Stopping member : stopping) {
      if (ProcessExit.await(member.handle(), deadline, ticker)) {
        report.add(member.stopped());
      } else {
        member.handle().destroyForcibly();
        killed.add(member);
      }
    }
    long killDeadline = ticker.read() + times.killWait().toNanos();
    for (Stopping member : killed) {
      ProcessExit.await(member.handle(), killDeadline, ticker);
      report.add(member.name() + " did not stop within " + grace.toSeconds() + " s; killed");
    }
    StateDir.clean(stateDir, cluster.get().createdStateDir(), keepJournal).ifPresent(report::add);
    return report;
  }

  /**
   * Names the local cluster's members, about to be stopped or already gone (MemberStop): each that
   * sees no other member skips the leave, which only waits when nobody stays. Without the file they
   * leave as one stopped alone would.
   */
  private static void announceStopping(Path stateDir, LocalCluster cluster) {
    List<ClusterAddress> members = new ArrayList<>();
    cluster.nodes().stream().map(LocalCluster.Node::address).forEach(members::add);
    cluster.coordinatorRecord().flatMap(LocalCluster.Coordinator::clusterAddress).ifPresent(members::add);
    try {
      MemberStop.announce(stateDir, members);
    } catch (IOException e) {
      // The graceful leave then, as before: slower, never wrong.
    }
  }

  /** The coordinator's journal is deleted below once it has stopped: it closes it without compacting it. */
  private static void discardJournal(Path stateDir) {
    try {
      JobJournal.discardAfterClose(stateDir.resolve(StateDir.JOURNAL));
    } catch (IOException e) {
      // Compacted on close then, and deleted all the same: slower, never wrong.
    }
  }

  /** A member sent SIGTERM, and the line that reports it stopped in time. */
  private record Stopping(String name, ProcessHandle handle, String stopped) {
  }

  /** SIGKILL for one node: no goodbye, the cluster has to notice by itself. */
  public static LocalCluster.Node kill(Path stateDir, String nodeName, LocalClusterTimes times, Ticker ticker) {
    LocalCluster cluster = LocalCluster.read(stateDir)
        .orElseThrow(() -> new IllegalArgumentException("no local cluster in " + stateDir + " ('scatter cluster up' starts one)"));
    LocalCluster.Node node = cluster.node(nodeName).orElseThrow(() -> new IllegalArgumentException("no node '"
        + nodeName + "' in the local cluster; nodes: " + cluster.nodes().stream().map(LocalCluster.Node::name).toList()));
    ProcessHandle handle = node.process().orElseThrow(() -> new IllegalArgumentException(node.pidTakenByAnother()
        ? node.gone()
        : nodeName + " (pid " + node.pid() + ") is not running"));
    handle.destroyForcibly();
    ProcessExit.await(handle, ticker.read() + times.killWait().toNanos(), ticker);
    return node;
  }

  /**
   * SIGKILL for the cluster's coordinator: its jobs stay in its journal, and the coordinator that
   * {@code cluster up} starts again resumes them.
   *
   * @return its pid
   */
  public static long killCoordinator(Path stateDir, LocalClusterTimes times, Ticker ticker) {
    LocalCluster cluster = LocalCluster.read(stateDir)
        .orElseThrow(() -> new IllegalArgumentException("no local cluster in " + stateDir + " ('scatter cluster up' starts one)"));
    LocalCluster.Coordinator coordinator = cluster.coordinatorRecord().orElseThrow(() ->
        new IllegalArgumentException("the local cluster in " + stateDir + " has no coordinator (--no-coordinator)"));
    ProcessHandle handle = coordinator.process().orElseThrow(() ->
        new IllegalArgumentException("the coordinator (pid " + coordinator.pid() + ") is not running"));
    handle.destroyForcibly();
    ProcessExit.await(handle, ticker.read() + times.killWait().toNanos(), ticker);
    return coordinator.pid();
  }

}
