package io.scatter.chaos;

import com.typesafe.config.Config;
import io.scatter.node.SettingsReader;
import java.time.Duration;

/**
 * The {@code scatter.chaos} block, read once and checked (see {@code conf/scatter.conf}).
 *
 * @param baselineRuns fault-free runs before a {@code --chaos} run
 * @param answerWait   how long a fault sent as a message waits for its node's answer
 * @param censusWait   how long {@code kill:RANDOM} asks the job coordinators which nodes hold work
 */
public record ChaosSettings(int baselineRuns, Duration answerWait, Duration censusWait) {

  /** @throws IllegalArgumentException one line naming the key, where it was set and what it should hold */
  public static ChaosSettings from(Config config) {
    SettingsReader c = SettingsReader.of(config, "scatter.chaos");
    return new ChaosSettings(c.atLeast("baseline-runs", 0), c.positive("answer-wait"), c.positive("census-wait"));
  }
}
