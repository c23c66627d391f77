package io.scatter.service;

import io.scatter.coordinator.AcceptedResult;
import io.scatter.coordinator.ProgressListener;
import java.util.List;

/**
 * The progress of a job resumed when its service started, before anyone could ask to follow it: a
 * listener given later ({@link #follow}) hears from then on, the latest count first, so a progress
 * bar opened after the start shows how far the job already is.
 */
final class FollowedProgress implements ProgressListener {

  private volatile ProgressListener follower = ProgressListener.NONE;
  /** The last progress reported, {done, total}, as one reference so a reader never sees half of it. */
  private volatile long[] last;

  FollowedProgress() {
  }

  void follow(ProgressListener listener) {
    follower = listener;
    long[] seen = last;
    if (seen != null) {
      listener.onProgress(seen[0], seen[1]);
    }
  }

  @Override
  public void onProgress(long done, long total) {
    last = new long[] {done, total};
    follower.onProgress(done, total);
  }

  @Override
  public void onRetries(long retries) {
    follower.onRetries(retries);
  }

  @Override
  public void onAccepted(List<AcceptedResult> results) {
    follower.onAccepted(results);
  }
}
