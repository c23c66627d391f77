package io.scatter.chaos;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One fault to inject when a job's progress reaches a point, as written on the command line:
 * {@code kill:RANDOM@40%}, {@code kill:node-2@40%}, {@code freeze:node-1@30%:5s},
 * {@code cutoff:node-1@50%:5s}.
 *
 * @param target     a node name, or {@link #RANDOM} for any live worker node
 * @param atFraction progress (finished partitions / all partitions) at which it fires, 0..1
 * @param duration   how long a freeze or cutoff lasts; empty for a kill
 */
public record FaultSpec(Kind kind, String target, double atFraction, Optional<Duration> duration) {

  public static final String RANDOM = "RANDOM";

  public enum Kind {
    /** SIGKILL the node's JVM (a node-control halt for nodes on other machines). */
    KILL,
    /** SIGSTOP the node for a while, then SIGCONT. */
    FREEZE,
    /** Blackhole the node's network connections for a while. */
    CUTOFF
  }

  private static final Pattern SYNTAX =
      Pattern.compile("(kill|freeze|cutoff):([^@:]+)@(\\d+(?:\\.\\d+)?)%(?::(\\d+(?:\\.\\d+)?)(ms|s))?");

  /** @throws IllegalArgumentException with the syntax, naming what is wrong */
  public static FaultSpec parse(String text) {
    Matcher m = SYNTAX.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("--chaos '" + text + "' is malformed: expected kill:NODE@P%, "
          + "freeze:NODE@P%:DURATION or cutoff:NODE@P%:DURATION (NODE a node name or RANDOM, e.g. freeze:node-2@30%:5s)");
    }
    Kind kind = Kind.valueOf(m.group(1).toUpperCase(Locale.ROOT));
    double percent = Double.parseDouble(m.group(3));
    if (percent < 0 || percent > 100) {
      throw new IllegalArgumentException("--chaos '" + text + "': progress must be between 0% and 100%");
    }
    Optional<Duration> duration = Optional.ofNullable(m.group(4)).map(amount -> {
      double value = Double.parseDouble(amount);
      return Duration.ofMillis((long) (m.group(5).equals("s") ? value * 1000 : value));
    });
    if (kind == Kind.KILL && duration.isPresent()) {
      throw new IllegalArgumentException("--chaos '" + text + "': a kill has no duration");
    }
    if (kind != Kind.KILL && duration.map(d -> d.isZero()).orElse(true)) {
      throw new IllegalArgumentException("--chaos '" + text + "': a " + m.group(1) + " needs a duration, e.g. "
          + m.group(1) + ":" + m.group(2) + "@" + m.group(3) + "%:5s");
    }
    return new FaultSpec(kind, m.group(2), percent / 100, duration);
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase(Locale.ROOT) + ":" + target + "@" + Math.round(atFraction * 100) + "%"
        + duration.map(d -> ":" + d.toMillis() + "ms").orElse("");
  }
}
