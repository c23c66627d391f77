package io.scatter.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * A job request as a journal keeps it: every component as the client gave it, so a resumed job is
 * prepared by the same rules as when it was submitted (and refused if that now plans it otherwise).
 */
final class StoredRequests {

  // isFetch() reads like a property to Jackson; it is derived, so it is written and ignored on reading.
  private static final ObjectMapper JSON = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private StoredRequests() {
  }

  static String write(JobRequest request) {
    try {
      return JSON.writeValueAsString(request);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a job request could not be written for the journal: " + e.getMessage(), e);
    }
  }

  /** @throws IllegalArgumentException when the text is not a request this class wrote */
  static JobRequest read(String json) {
    try {
      return JSON.readValue(json, JobRequest.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a stored job request: " + e.getOriginalMessage(), e);
    }
  }
}
