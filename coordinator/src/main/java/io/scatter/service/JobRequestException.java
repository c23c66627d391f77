package io.scatter.service;

import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A job request that cannot run, blaming one field of {@link JobRequest} by its API name
 * ({@code partitions}, {@code range}, {@code leaseTimeout}). The message names fields as
 * {@code {partitions}} so each front end can say them its own way: the command line as its flags
 * ("--partitions must be at least 1, got 0"), the HTTP API as the JSON fields ({@link #getMessage()}).
 */
public final class JobRequestException extends RuntimeException {

  private static final Pattern FIELD = Pattern.compile("\\{([A-Za-z]+)}");

  private final String field;
  private final String template;

  /**
   * @param field    the field to blame, or null for the request as a whole (JSON that does not parse)
   * @param template one line; {@code {name}} where a field is named
   */
  public JobRequestException(String field, String template) {
    super(render(template, name -> name));
    this.field = field;
    this.template = template;
  }

  /** The field to blame; empty when the request as a whole is wrong. */
  public Optional<String> field() {
    return Optional.ofNullable(field);
  }

  /** The message, each field named by {@code naming} (a flag for the command line). */
  public String message(UnaryOperator<String> naming) {
    return render(template, naming);
  }

  private static String render(String template, UnaryOperator<String> naming) {
    Matcher m = FIELD.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(naming.apply(m.group(1))));
    }
    m.appendTail(out);
    return out.toString();
  }
}
