package io.scatter.cli;

import io.scatter.coordinator.Job;
import io.scatter.service.JobRequest;
import io.scatter.service.JobRequestException;
import io.scatter.service.JobRequests;
import io.scatter.service.UrlListLimit;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The command line's side of {@link JobRequests}: jobs go through the same checks as the HTTP API's,
 * and a refusal names the flag the user typed ("--partitions must be at least 1, got 0") where the
 * API names the JSON field.
 */
final class RequestFlags {

  /** JobRequest fields whose flag is not simply the field in kebab case. */
  private static final Map<String, String> FLAGS = Map.of(
      "params", "--param",
      "urls", "--urls/--url",
      "jars", "--jar");

  private RequestFlags() {
  }

  /** "partitionSize" -> "--partition-size". */
  static String flag(String field) {
    String special = FLAGS.get(field);
    return special != null ? special : "--" + field.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
  }

  /** @throws UserInputException naming the flag, when the request cannot run */
  static Job prepare(JobRequests requests, JobRequest request, Optional<UrlListLimit> oneMessage) {
    try {
      return requests.prepare(request, oneMessage);
    } catch (JobRequestException e) {
      throw new UserInputException(e.message(RequestFlags::flag));
    }
  }
}
