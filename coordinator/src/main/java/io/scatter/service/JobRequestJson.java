package io.scatter.service;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A {@link JobRequest} read from JSON, the body of {@code POST /jobs}: an object whose fields are
 * the request's components ({@code {"task":"primes","range":"0..1000","partitions":8}}). Only the
 * shape is checked here (known fields, the right JSON types); what the values mean is
 * {@link JobRequests}' to check, as for the command line. Every problem is a
 * {@link JobRequestException} naming the field.
 */
public final class JobRequestJson {

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** Each field and how it is read into the builder. */
  private static final Map<String, BiConsumer<JsonNode, JobRequest.Builder>> FIELDS = new LinkedHashMap<>();

  static {
    FIELDS.put("task", (v, b) -> b.task(text("task", v)));
    FIELDS.put("params", (v, b) -> b.params(params(v)));
    FIELDS.put("range", (v, b) -> b.range(range(v)));
    FIELDS.put("partitions", (v, b) -> b.partitions(whole("partitions", v)));
    FIELDS.put("partitionSize", (v, b) -> b.partitionSize(whole("partitionSize", v)));
    FIELDS.put("maxAttempts", (v, b) -> b.maxAttempts(intValue("maxAttempts", v)));
    FIELDS.put("leaseTimeout", (v, b) -> b.leaseTimeout(quantity("leaseTimeout", v, "a duration such as \"30s\"")));
    FIELDS.put("speculation", (v, b) -> b.speculation(bool("speculation", v)));
    FIELDS.put("weight", (v, b) -> b.weight(number("weight", v)));
    FIELDS.put("urls", (v, b) -> b.urls(urls(v)));
    FIELDS.put("io", (v, b) -> b.io(text("io", v)));
    FIELDS.put("batch", (v, b) -> b.batch(whole("batch", v)));
    FIELDS.put("concurrency", (v, b) -> b.concurrency(intValue("concurrency", v)));
    FIELDS.put("timeout", (v, b) -> b.timeout(quantity("timeout", v, "a duration such as \"10s\"")));
    FIELDS.put("maxBody", (v, b) -> b.maxBody(quantity("maxBody", v, "a size such as \"16MiB\" or 1048576")));
    FIELDS.put("repeat", (v, b) -> b.repeat(whole("repeat", v)));
    FIELDS.put("jars", (v, b) -> b.jars(jars(v)));
  }

  private JobRequestJson() {
  }

  /**
   * {@code request} as the body of {@code POST /jobs}, the form {@link #parse} reads back: unset
   * fields are left out, so the service fills them from its own conf/.
   *
   * @throws JobRequestException for {@code keepBodies}, which the JSON form has no field for
   */
  public static String write(JobRequest request) {
    if (request.keepBodies() != null) {
      throw new JobRequestException("keepBodies", "{keepBodies} is for the command line only: "
          + "a service writes no files where a request says");
    }
    ObjectNode node = MAPPER.createObjectNode();
    putIf(node, "task", request.task());
    if (!request.params().isEmpty()) {
      ObjectNode params = node.putObject("params");
      request.params().forEach(params::put);
    }
    putIf(node, "range", request.range());
    putIf(node, "partitions", request.partitions());
    putIf(node, "partitionSize", request.partitionSize());
    putIf(node, "maxAttempts", request.maxAttempts());
    putIf(node, "leaseTimeout", request.leaseTimeout());
    putIf(node, "speculation", request.speculation());
    putIf(node, "weight", request.weight());
    if (!request.jars().isEmpty()) {
      request.jars().forEach(node.putArray("jars")::add);
    }
    if (request.urls() != null) {
      request.urls().forEach(node.putArray("urls")::add);
    }
    putIf(node, "io", request.io());
    putIf(node, "batch", request.batch());
    putIf(node, "concurrency", request.concurrency());
    putIf(node, "timeout", request.timeout());
    putIf(node, "maxBody", request.maxBody());
    putIf(node, "repeat", request.repeat());
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a job request as JSON", e);
    }
  }

  private static void putIf(ObjectNode node, String field, Object value) {
    if (value != null) {
      node.set(field, MAPPER.valueToTree(value));
    }
  }

  /** The names of the fields a request may have, in the order of {@link JobRequest}. */
  public static List<String> fieldNames() {
    return List.copyOf(FIELDS.keySet());
  }

  public static JobRequest parse(String json) {
    return parse(json.getBytes(StandardCharsets.UTF_8));
  }

  /** @throws JobRequestException naming the field, or no field when the body is not a JSON object */
  public static JobRequest parse(byte[] json) {
    JsonNode root;
    try (JsonParser parser = MAPPER.createParser(json)) {
      try {
        root = MAPPER.readTree(parser);
      } catch (JsonProcessingException e) {
        throw new JobRequestException(null, JsonSyntax.describe(e, parser.currentLocation()));
      }
    } catch (IOException e) {
      throw new JobRequestException(null, "the request cannot be read: " + e.getMessage());
    }
    if (!(root instanceof ObjectNode object)) {
      throw new JobRequestException(null, "the request must be a JSON object of job fields, e.g. "
          + "{\"task\": \"primes\", \"range\": \"0..1000000\"}");
    }
    JobRequest.Builder builder = JobRequest.builder();
    Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      BiConsumer<JsonNode, JobRequest.Builder> reader = FIELDS.get(field.getKey());
      if (reader == null) {
        throw new JobRequestException(field.getKey(), "keepBodies".equals(field.getKey())
            ? "{keepBodies} is for the command line only: a service writes no files where a request says"
            : "unknown field '" + field.getKey() + "'; a job takes " + String.join(", ", FIELDS.keySet()));
      }
      if (!field.getValue().isNull()) { // null is the same as leaving the field out
        reader.accept(field.getValue(), builder);
      }
    }
    return builder.build();
  }

  private static JobRequestException wrongType(String field, String expected, JsonNode value) {
    return new JobRequestException(field, "{" + field + "} must be " + expected + ", got " + shown(value));
  }

  /** The value as it was sent, cut short: a wrong value may be a whole document. */
  private static String shown(JsonNode value) {
    String text = value.isContainerNode() ? (value.isArray() ? "a list" : "an object") : value.toString();
    return text.length() > 60 ? text.substring(0, 57) + "..." : text;
  }

  private static String text(String field, JsonNode value) {
    if (!value.isTextual()) {
      throw wrongType(field, "a string", value);
    }
    return value.textValue();
  }

  /** A duration or a size: a string with its unit, or a bare number, which the prepare step judges. */
  private static String quantity(String field, JsonNode value, String expected) {
    if (value.isTextual()) {
      return value.textValue();
    }
    if (value.isNumber()) {
      return value.asText();
    }
    throw wrongType(field, expected, value);
  }

  private static Long whole(String field, JsonNode value) {
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw wrongType(field, "a whole number", value);
    }
    return value.longValue();
  }

  private static Integer intValue(String field, JsonNode value) {
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw wrongType(field, "a whole number between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE, value);
    }
    return value.intValue();
  }

  private static Double number(String field, JsonNode value) {
    if (!value.isNumber()) {
      throw wrongType(field, "a number", value);
    }
    return value.doubleValue();
  }

  private static Boolean bool(String field, JsonNode value) {
    if (!value.isBoolean()) {
      throw wrongType(field, "true or false", value);
    }
    return value.booleanValue();
  }

  /** {"n": "50"}: strings, or numbers and booleans, which tasks read from their text. */
  private static Map<String, String> params(JsonNode value) {
    if (!value.isObject()) {
      throw wrongType("params", "an object of task parameters, e.g. {\"n\": 50}", value);
    }
    Map<String, String> params = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> entries = value.fields();
    while (entries.hasNext()) {
      Map.Entry<String, JsonNode> entry = entries.next();
      JsonNode param = entry.getValue();
      if (!param.isTextual() && !param.isNumber() && !param.isBoolean()) {
        throw new JobRequestException("params", "{params} " + entry.getKey()
            + " must be a string, a number or true/false, got " + shown(param));
      }
      params.put(entry.getKey(), param.asText());
    }
    return params;
  }

  /** "0..1000", or {"from": 0, "to": 1000}. */
  private static String range(JsonNode value) {
    if (value.isTextual()) {
      return value.textValue();
    }
    if (value.isObject()) {
      Iterator<String> names = value.fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        if (!name.equals("from") && !name.equals("to")) {
          throw new JobRequestException("range", "{range} has no field '" + name + "'; give from and to");
        }
      }
      JsonNode from = value.get("from");
      JsonNode to = value.get("to");
      if (from == null || to == null) {
        throw new JobRequestException("range", "{range} needs both from and to, e.g. {\"from\": 0, \"to\": 1000}");
      }
      for (JsonNode bound : List.of(from, to)) {
        if (!bound.isIntegralNumber() || !bound.canConvertToLong()) {
          throw new JobRequestException("range", "{range} from and to must be whole numbers between "
              + Long.MIN_VALUE + " and " + Long.MAX_VALUE + ", got " + shown(bound));
        }
      }
      return from.longValue() + ".." + to.longValue();
    }
    throw wrongType("range", "\"FROM..TO\" or {\"from\": FROM, \"to\": TO}", value);
  }

  /** Digests as strings; whether they are digests, and uploaded, is for {@link JobRequests} to say. */
  private static List<String> jars(JsonNode value) {
    if (!value.isArray()) {
      throw wrongType("jars", "a list of jar digests (what POST /jars answered)", value);
    }
    List<String> jars = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      JsonNode jar = value.get(i);
      if (!jar.isTextual()) {
        throw new JobRequestException("jars", "{jars}: jar " + (i + 1) + " must be a digest string, got " + shown(jar));
      }
      jars.add(jar.textValue());
    }
    return jars;
  }

  private static List<String> urls(JsonNode value) {
    if (!value.isArray()) {
      throw wrongType("urls", "a list of URLs", value);
    }
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      JsonNode url = value.get(i);
      if (!url.isTextual()) {
        throw new JobRequestException("urls", "{urls}: URL " + (i + 1) + " must be a string, got " + shown(url));
      }
      urls.add(url.textValue());
    }
    return urls;
  }
}
