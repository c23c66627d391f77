package io.scatter.protocol;

import java.util.Map;

/**
 * Names a task and its parameters as strings: what a worker needs to find and re-validate the
 * task on its own classpath, without shipping code or typed values.
 */
public record TaskRef(String name, Map<String, String> params) {

  public TaskRef {
    params = Map.copyOf(params);
  }
}
