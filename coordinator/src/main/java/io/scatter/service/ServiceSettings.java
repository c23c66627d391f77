package io.scatter.service;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.scatter.node.ScatterConfig;
import java.time.Duration;

/**
 * The {@code scatter.service} block, read once when a service starts and checked, so a bad value
 * fails then, naming the key and where it was set.
 *
 * @param keepFinished    ended jobs kept for get and list, newest first; older ones are forgotten...
 * @param keepFinishedFor ...but none that ended less than this long ago, however many there are
 * @param cancelWait      how long a cancel waits for the job's coordinator to confirm it ended
 * @param nodesWait       how long a look at the nodes waits for the jobs' coordinators to say what they hold
 */
public record ServiceSettings(int keepFinished, Duration keepFinishedFor, Duration cancelWait, Duration nodesWait) {

  static final String KEEP_FINISHED = "scatter.service.keep-finished";
  static final String KEEP_FINISHED_FOR = "scatter.service.keep-finished-for";
  static final String CANCEL_WAIT = "scatter.service.cancel-wait";
  static final String NODES_WAIT = "scatter.service.nodes-wait";

  public ServiceSettings {
    if (keepFinished < 1) {
      throw new IllegalArgumentException("keepFinished must be at least 1, got " + keepFinished);
    }
    if (keepFinishedFor.isNegative()) {
      throw new IllegalArgumentException("keepFinishedFor must not be negative, got " + keepFinishedFor);
    }
    if (cancelWait.isNegative()) {
      throw new IllegalArgumentException("cancelWait must not be negative, got " + cancelWait);
    }
    if (nodesWait.isNegative() || nodesWait.isZero()) {
      throw new IllegalArgumentException("nodesWait must be positive, got " + nodesWait);
    }
  }

  /** @throws IllegalArgumentException one line naming the setting, where it was set and what it should hold */
  public static ServiceSettings from(Config config) {
    try {
      int keep = config.getInt(KEEP_FINISHED);
      if (keep < 1) {
        throw new IllegalArgumentException(KEEP_FINISHED + " " + ScatterConfig.where(config, KEEP_FINISHED)
            + " must be at least 1, got " + keep);
      }
      Duration keepFor = config.getDuration(KEEP_FINISHED_FOR);
      if (keepFor.isNegative()) {
        throw new IllegalArgumentException(KEEP_FINISHED_FOR + " " + ScatterConfig.where(config, KEEP_FINISHED_FOR)
            + " must not be negative, got " + config.getValue(KEEP_FINISHED_FOR).unwrapped());
      }
      Duration wait = config.getDuration(CANCEL_WAIT);
      if (wait.isNegative()) {
        throw new IllegalArgumentException(CANCEL_WAIT + " " + ScatterConfig.where(config, CANCEL_WAIT)
            + " must not be negative, got " + config.getValue(CANCEL_WAIT).unwrapped());
      }
      Duration nodes = config.getDuration(NODES_WAIT);
      if (nodes.isNegative() || nodes.isZero()) {
        throw new IllegalArgumentException(NODES_WAIT + " " + ScatterConfig.where(config, NODES_WAIT)
            + " must be positive, got " + config.getValue(NODES_WAIT).unwrapped());
      }
      return new ServiceSettings(keep, keepFor, wait, nodes);
    } catch (ConfigException e) {
      throw new IllegalArgumentException(ScatterConfig.describe(e), e);
    }
  }
}
