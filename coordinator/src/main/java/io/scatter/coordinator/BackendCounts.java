package io.scatter.coordinator;

import io.scatter.protocol.wire.WireTally;

/**
 * What a backend has counted since it was made, for {@code GET /metrics}: cluster events as they
 * happened, and what its serializer wrote and read. Every figure only grows, also across a cluster
 * coordinator's rejoins. The in-process backends have no cluster and serialize nothing: {@link #NONE}.
 *
 * @param lifelineCloses times a node's lifeline to this coordinator closed (its process died, or the connection blipped)
 * @param unreachable    times the failure detector marked a member unreachable
 * @param wire           messages and bytes this coordinator's serializer wrote and read, every job's and none's
 */
public record BackendCounts(long lifelineCloses, long unreachable, WireTally wire) {

  public static final BackendCounts NONE = new BackendCounts(0, 0, WireTally.ZERO);
}
