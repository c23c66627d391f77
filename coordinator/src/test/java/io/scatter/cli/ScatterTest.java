package io.scatter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command tree. */
final class ScatterTest {

  @Test
  void eachSubcommandIsListedUnderTheNameItsAnnotationGives() {
    for (Map<String, Class<?>> listed : List.of(Scatter.SUBCOMMANDS, ClusterCommand.SUBCOMMANDS)) {
      for (Map.Entry<String, Class<?>> subcommand : listed.entrySet()) {
        assertEquals(subcommand.getValue().getAnnotation(CommandLine.Command.class).name(), subcommand.getKey());
      }
    }
  }

  @Test
  void aCommandLineGetsTheSubcommandsItNames_aHelpOrAGroupAloneGetsThemAll() {
    assertEquals(Set.of("down"), Scatter.tree(CommandLine.defaultFactory(), "cluster", "down", "--state-dir", "x")
        .getSubcommands().get("cluster").getSubcommands().keySet());
    assertEquals(ClusterCommand.SUBCOMMANDS.keySet(), Scatter.tree(CommandLine.defaultFactory(), "cluster", "--help")
        .getSubcommands().get("cluster").getSubcommands().keySet());
    CommandLine all = Scatter.tree(CommandLine.defaultFactory(), "help", "cluster");
    assertEquals(Scatter.SUBCOMMANDS.keySet(), all.getSubcommands().keySet());
    assertEquals(ClusterCommand.SUBCOMMANDS.keySet(), all.getSubcommands().get("cluster").getSubcommands().keySet());
  }
}
