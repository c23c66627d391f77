package io.scatter.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;
import java.util.List;

/**
 * scatter's logging, set up in code: what {@code conf/logback.xml} says, without parsing it. Logback
 * reading that XML took about 0.15 s of every JVM's start (the CLI's, each node's, the coordinator's),
 * interpreted, which a local cluster's start pays four times on two cores. The XML stays the readable
 * form and a starting point: {@code -Dlogback.configurationFile=FILE} (or a {@code logback-test.xml} on
 * the class path, as the tests have) is read as logback reads it, and this steps aside.
 * {@code LogSetupTest} checks that both set up the same.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {

  static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{24} - %msg%n";
  /** Loggers a stranger's bytes can make talk, once per frame or connection ({@link FloodFilter}). */
  static final List<String> FLOODABLE = List.of("org.apache.pekko.remote.artery", "io.scatter.node.artery");

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null
        || LogSetup.class.getClassLoader().getResource("logback-test.xml") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    apply(context);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** Sets {@code context} up as conf/logback.xml does. */
  static void apply(LoggerContext context) {
    NopStatusListener quiet = new NopStatusListener();
    context.getStatusManager().add(quiet);

    ShutdownRaceFilter race = new ShutdownRaceFilter();
    race.setContext(context);
    race.start();
    context.addTurboFilter(race);
    FloodFilter flood = new FloodFilter();
    FLOODABLE.forEach(flood::addLoggerName);
    flood.setContext(context);
    flood.start();
    context.addTurboFilter(flood);

    LineLayout layout = new LineLayout(context);
    layout.start();
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setContext(context);
    encoder.setLayout(layout);
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();

    // A member that leaves closes its Artery connections; the peers' stream warnings about it are noise.
    context.getLogger("org.apache.pekko.stream.Materializer").setLevel(Level.ERROR);
    context.getLogger("io.scatter").setLevel(level("scatter.log.level"));
    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(level("scatter.log.root.level"));
    root.addAppender(stderr);
  }

  /** As logback.xml's {@code ${NAME:-WARN}}: a system property, else the environment, else WARN. */
  private static Level level(String name) {
    String value = System.getProperty(name, System.getenv(name));
    return Level.toLevel(value, Level.WARN);
  }
}
