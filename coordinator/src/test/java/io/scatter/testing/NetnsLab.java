package io.scatter.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Separate hosts on one Linux machine: network namespaces, each with a veth pair whose other end
 * is plugged into a bridge in the root namespace, and addresses from one private /24 the lab owns
 * (the bridge is {@code .1}, host {@code i} is {@code .(10 + i)}). The namespaces get no default
 * route, so nothing they send leaves that /24. Every name starts with a prefix holding the test
 * JVM's pid; {@link #close()} removes everything made, whatever state it was left in.
 */
public final class NetnsLab implements AutoCloseable {

  private static final long COMMAND_SECONDS = 10;
  /** Third octets tried for 10.213.X.0/24, in order, until one is neither routed nor assigned here. */
  private static final int[] THIRD_OCTETS = {77, 78, 79, 177, 178, 179};
  private static final int FIRST_HOST_OCTET = 10;

  private final String prefix;
  private final String subnet;
  private final String bridge;
  /** What was made, newest last: undone in reverse. */
  private final List<List<String>> undo = new ArrayList<>();

  private NetnsLab(String prefix, String subnet) {
    this.prefix = prefix;
    this.subnet = subnet;
    this.bridge = prefix + "br";
  }

  /**
   * Why network namespaces cannot be made here (not Linux, not root, no {@code ip}), found by
   * making one and removing it; empty when they can.
   */
  public static Optional<String> whyUnavailable() {
    if (!System.getProperty("os.name").toLowerCase().contains("linux")) {
      return Optional.of("network namespaces need Linux");
    }
    String probe = "scatter-probe-" + ProcessHandle.current().pid();
    try {
      Result added = run(List.of("ip", "netns", "add", probe));
      if (added.code() != 0) {
        return Optional.of("'ip netns add' is not permitted here: " + added.output().strip());
      }
      run(List.of("ip", "netns", "delete", probe));
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of("no 'ip' command: " + e.getMessage());
    }
  }

  /** A bridge with its own address in a free 10.213.X.0/24, and {@code hosts} namespaces on it. */
  public static NetnsLab create(int hosts) throws IOException {
    // Interface names are at most 15 bytes: "sc" + pid (up to 7 digits) + a 2-3 byte suffix.
    NetnsLab lab = new NetnsLab("sc" + ProcessHandle.current().pid(), freeSubnet());
    try {
      lab.make(List.of("ip", "link", "add", lab.bridge, "type", "bridge"), List.of("ip", "link", "delete", lab.bridge));
      must(List.of("ip", "addr", "add", lab.bridgeAddress() + "/24", "dev", lab.bridge));
      must(List.of("ip", "link", "set", lab.bridge, "up"));
      for (int i = 1; i <= hosts; i++) {
        lab.addHost(i);
      }
      return lab;
    } catch (IOException | RuntimeException e) {
      lab.close();
      throw e;
    }
  }

  private void addHost(int i) throws IOException {
    String ns = namespace(i);
    String inside = prefix + "n" + i;
    make(List.of("ip", "netns", "add", ns), List.of("ip", "netns", "delete", ns));
    // Deleting the namespace deletes the inner end, and with it the pair; the explicit delete covers
    // a namespace that was never made.
    make(List.of("ip", "link", "add", link(i), "type", "veth", "peer", "name", inside, "netns", ns),
        List.of("ip", "link", "delete", link(i)));
    must(List.of("ip", "link", "set", link(i), "master", bridge));
    must(List.of("ip", "link", "set", link(i), "up"));
    must(List.of("ip", "-n", ns, "addr", "add", address(i) + "/24", "dev", inside));
    must(List.of("ip", "-n", ns, "link", "set", inside, "up"));
    must(List.of("ip", "-n", ns, "link", "set", "lo", "up"));
  }

  public String namespace(int i) {
    return "scatter-" + ProcessHandle.current().pid() + "-" + i;
  }

  /** The root-namespace end of host {@code i}'s veth pair. */
  public String link(int i) {
    return prefix + "v" + i;
  }

  public String bridgeAddress() {
    return subnet + ".1";
  }

  public String address(int i) {
    return subnet + "." + (FIRST_HOST_OCTET + i);
  }

  /** The command that runs {@code command} inside host {@code i}'s namespace. */
  public List<String> inNamespace(int i, List<String> command) {
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace(i)));
    full.addAll(command);
    return full;
  }

  /** Takes host {@code i}'s link down at the bridge: no close, no reset, its packets just stop. */
  public void cut(int i) throws IOException {
    must(List.of("ip", "link", "set", link(i), "down"));
  }

  @Override
  public void close() {
    List<List<String>> reversed = new ArrayList<>(undo);
    Collections.reverse(reversed);
    List<String> failed = new ArrayList<>();
    for (List<String> command : reversed) {
      try {
        Result result = run(command);
        // A veth pair already gone with its namespace says so; that is the wanted state.
        if (result.code() != 0 && !result.output().contains("Cannot find device")) {
          failed.add(String.join(" ", command) + ": " + result.output().strip());
        }
      } catch (IOException e) {
        failed.add(String.join(" ", command) + ": " + e.getMessage());
      }
    }
    undo.clear();
    if (!failed.isEmpty()) {
      throw new IllegalStateException("could not remove " + failed);
    }
  }

  /** Names of this lab's namespaces and links still present, for a test to check cleanup by. */
  public List<String> leftovers() throws IOException {
    List<String> left = new ArrayList<>();
    String pid = Long.toString(ProcessHandle.current().pid());
    Pattern mine = Pattern.compile(" " + prefix + "(br|v\\d+|n\\d+)[:@]");
    for (String line : (run(List.of("ip", "netns", "list")).output() + run(List.of("ip", "-o", "link")).output())
        .split("\n")) {
      if (line.startsWith("scatter-" + pid + "-") || mine.matcher(line).find()) {
        left.add(line.strip());
      }
    }
    return left;
  }

  private static String freeSubnet() throws IOException {
    String assigned = run(List.of("ip", "-4", "-o", "addr")).output();
    for (int octet : THIRD_OCTETS) {
      String subnet = "10.213." + octet;
      // Only the default route may match: anything more specific means someone uses the range.
      boolean routed = run(List.of("ip", "-4", "route", "show", "to", "match", subnet + ".1")).output().lines()
          .anyMatch(line -> !line.startsWith("default"));
      if (!routed && !assigned.contains(" " + subnet + ".")) {
        return subnet;
      }
    }
    throw new IllegalStateException("every 10.213.X.0/24 this test may use is routed or assigned here");
  }

  private void make(List<String> command, List<String> inverse) throws IOException {
    must(command);
    undo.add(inverse);
  }

  private static void must(List<String> command) throws IOException {
    Result result = run(command);
    if (result.code() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed (" + result.code() + "): "
          + result.output().strip());
    }
  }

  private record Result(int code, String output) { }

  private static Result run(List<String> command) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      // Read first: a full pipe would keep the command from exiting. ip's commands print little.
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(String.join(" ", command) + " did not finish within " + COMMAND_SECONDS + " s");
      }
      return new Result(process.exitValue(), output);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IOException("interrupted running " + command, e);
    }
  }
}
