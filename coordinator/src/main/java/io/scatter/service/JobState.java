package io.scatter.service;

/** Where a job is in its life. Every state but RUNNING is final. */
public enum JobState {
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED
}
