package io.scatter.coordinator;

/**
 * A partition's result as the job accepted it (the first for its index): what a journal keeps so a
 * resumed job need not compute that partition again.
 */
public record AcceptedResult(long index, Object value) {
}
