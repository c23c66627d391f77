package io.scatter.cli;

import com.typesafe.config.Config;
import io.scatter.node.ScatterConfig;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * Shows the defaults in --help as the values in force rather than as key names: option
 * descriptions say {@code (default: ${bundle:scatter.job.partitions})}, and picocli looks the key
 * up here each time it renders the help, after the command line (and its --config) is parsed. A
 * picocli default-value provider would show them too, but would also fill every unset option from
 * the configuration, and the commands tell "not given" from "given" to name the key or the flag.
 */
final class HelpDefaults extends ResourceBundle {

  private final Supplier<Optional<Path>> configFile;
  private Config config;

  private HelpDefaults(Supplier<Optional<Path>> configFile) {
    this.configFile = configFile;
  }

  /** Gives every command with {@link CommonOptions} in the tree under {@code root} its own lookup. */
  static void install(CommandLine root) {
    for (CommandLine.Model.CommandSpec mixin : root.getCommandSpec().mixins().values()) {
      if (mixin.userObject() instanceof CommonOptions common) {
        root.getCommandSpec().resourceBundle(new HelpDefaults(() -> Optional.ofNullable(common.configFile)));
      }
    }
    root.getSubcommands().values().forEach(HelpDefaults::install);
  }

  @Override
  protected Object handleGetObject(String key) {
    Config in = config();
    return key.startsWith("scatter.") && in.hasPath(key) ? String.valueOf(in.getValue(key).unwrapped()) : null;
  }

  /** None: picocli would otherwise take these for translated descriptions of the options. */
  @Override
  public Enumeration<String> getKeys() {
    return Collections.emptyEnumeration();
  }

  private Config config() {
    if (config == null) {
      try {
        config = ScatterConfig.loadScatterOnly(configFile.get(), false); // it shows scatter.* keys alone
      } catch (IllegalArgumentException e) {
        // Help still helps with a broken configuration: the command itself will say what is wrong.
        config = ScatterConfig.shipped();
      }
    }
    return config;
  }
}
