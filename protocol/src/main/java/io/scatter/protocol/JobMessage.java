package io.scatter.protocol;

/**
 * A message that belongs to one job: it names the job, so what it costs on the wire is that job's
 * (see {@code io.scatter.protocol.wire.WireMeters}). Every message of the work-pulling protocol is
 * one; fault-injection commands are no job's.
 */
public interface JobMessage {

  String jobId();
}
