package io.scatter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Which commands load Pekko's references with their configuration: only those that read Pekko's settings. */
final class CommonOptionsTest {

  private static final String PEKKO_KEY = "pekko.version"; // in Pekko's reference.conf alone

  @Test
  void theJobApisClientsAndTheClustersControlLoadScatterSettingsWithoutPekkos() {
    JobsCommand jobs = new JobsCommand();
    new CommandLine(jobs).parseArgs();
    ClusterCommand.Down down = new ClusterCommand.Down();
    new CommandLine(down).parseArgs();
    ClusterCommand.Up up = new ClusterCommand.Up();
    new CommandLine(up).parseArgs();
    for (CommonOptions common : new CommonOptions[] {jobs.common, down.common, up.common}) {
      assertFalse(common.config().hasPath(PEKKO_KEY));
      assertEquals(20, common.config().getDuration("scatter.cluster.join-timeout").toSeconds());
    }
    assertFalse(down.config().hasPath(PEKKO_KEY));
    // cluster.conf's own Pekko settings are scatter's, and still there: up checks its members' transport
    assertEquals("300 ms", down.config().getString("pekko.cluster.gossip-interval"));
    assertEquals("tcp", up.config().getString("pekko.remote.artery.transport"));
  }

  @Test
  void commandsThatStartActorSystemsLoadPekkosReferencesToo() {
    RunCommand run = new RunCommand();
    new CommandLine(run).parseArgs();
    assertTrue(run.common.config().hasPath(PEKKO_KEY));
    assertTrue(run.cluster.clusterConfig(run.common).hasPath("pekko.remote.artery.bind.hostname"));
  }
}
