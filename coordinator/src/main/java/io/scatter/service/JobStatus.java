package io.scatter.service;

/**
 * Where a job is in its life, as the HTTP API's {@code state} field and the CLI show it. Every
 * status but RUNNING is final.
 */
public enum JobStatus {
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED
}
