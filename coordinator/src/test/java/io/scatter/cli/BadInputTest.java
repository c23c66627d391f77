package io.scatter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.node.fetch.VirtualThreads;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input: one line naming the problem on stderr, exit code 2, no stack trace, nothing run. */
final class BadInputTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "run --task nope --range 0..10                      | unknown task 'nope'",
      "run --task primes --range 0..10 --mode warp        | unknown mode 'warp'",
      "run --task primes --range 0-10                     | range '0-10' is malformed",
      "run --task primes --range 10..0                    | range '10..0' is reversed",
      "run --task primes --range a..10                    | FROM 'a' is not a whole number",
      "run --task primes --range 0..10 --partitions 0     | --partitions must be at least 1, got 0",
      "run --task primes --range 0..10 --partitions -3    | --partitions must be at least 1, got -3",
      "run --task primes --range 0..10 --partition-size 0 | --partition-size must be at least 1",
      "run --task primes --range 0..10 --bogus            | Unknown option: '--bogus'",
      "run --task primes                                  | task 'primes' needs a range",
      "run --range 0..10                                  | which task?",
      "run --task spin --range 0..10 --param speed=3      | task 'spin' has no parameter 'speed'",
      "run --task spin --range 0..10 --param ns=fast      | parameter 'ns' of task 'spin' must be a long, got 'fast'",
      "run --task spin --range 0..10 --param ns=-1        | parameter 'ns' of task 'spin' must be >= 0",
      "run --task nested-product --param n=0              | parameter 'n' of task 'nested-product' must be between",
      "run --task collatz --range 0..10                   | task 'collatz' needs a range of positive numbers",
      "run --task primes --range 0..10 --max-attempts 0   | --max-attempts must be at least 1",
      "run --task primes --range 0..10 --workers -1       | --workers must be at least 1",
      "run --task primes --range 0..10 --lease-timeout xyz | --lease-timeout 'xyz' is not a duration",
      "run --task primes --range 0..10 --lease-timeout banana | --lease-timeout 'banana' is not a duration",
      "run --task primes --range 0..10 --weight 0            | --weight must be a number from 1 to 1000 (a share against other jobs; 1 is the default), got 0",
      "run --task primes --range 0..10 --weight 0.5          | --weight must be a number from 1 to 1000",
      "run --task primes --range 0..10 --weight 1001         | --weight must be a number from 1 to 1000",
      "run --task primes --range 0..10 --weight NaN          | --weight must be a number from 1 to 1000 (a share against other jobs; 1 is the default), got NaN",
      "run --task primes --range 0..10 --partitions 1000000000000 | --partitions 1000000000000 is more than the 10 numbers in --range 0..10: give at most 10",
      "compare --task primes --range 0..10 --partitions 11   | --partitions 11 is more than the 10 numbers in --range 0..10",
      "run --url http://127.0.0.1:9/ --repeat 100000000000   | --repeat 100,000,000,000 times 1 URL is 100,000,000,000 fetches; a fetch job's answer keeps a result per URL in the coordinator's memory, so a job may fetch at most 1,000,000 (scatter.fetch.max-urls)",
      "run --task primes --range 0..10 --lease-timeout 30 | --lease-timeout needs a unit, e.g. 5s or 500ms, got '30'",
      "run --task primes --range 0..10 --lease-timeout -5s | --lease-timeout must be positive, got -5s",
      "run --task primes --range 0..10 --workers many     | Invalid value for option '--workers': 'many' is not a whole number",
      "run --task primes --range 0..10 --workers 9999999999 | '9999999999' is not a whole number between",
      "run --task primes --range 0..10 --partitions 1e3   | Invalid value for option '--partitions': '1e3' is not a whole number",
      "run --task primes --range 0..10 --config /nonexistent.conf | config file /nonexistent.conf does not exist",
      "run --task primes --range 0..10 --partitions 2 --partition-size 3 | mutually exclusive",
      "compare --task primes --range 0..10 --modes sequential,warp | unknown mode 'warp'",
      "compare --task primes --range 0..10 --modes threads,threads | mode 'threads' is listed twice",
      "compare --preset nope                              | unknown preset 'nope'",
      "compare --preset seeds --task primes               | --preset seeds chooses its own task",
      "frobnicate                                         | Unmatched argument at index 0: 'frobnicate'",
      "run --task primes --range 0..10 --mode cluster --cluster-port 70000 | --cluster-port must be a port between 0 and 65535 (0 = any free port), got 70000",
      "run --task primes --range 0..10 --mode cluster --lifeline-port -1 | --lifeline-port must be a port between 0 and 65535 (0 = any free port), got -1",
      "run --task primes --range 0..10 --mode cluster --cluster-port 5000 --lifeline-port 5000 | --cluster-port and --lifeline-port must differ, both are 5000",
      "run --task primes --range 0..10 --mode cluster --seed 127.0.0.1:99999 | seed '127.0.0.1:99999': the port must be between 1 and 65535, got 99999",
      "run --task primes --range 0..10 --mode cluster --seed nohost | seed 'nohost' is not HOST:PORT, e.g. 127.0.0.1:2551",
      "node --seed ::1:2551 --port 2999                   | seed '::1:2551': put an IPv6 address in brackets, e.g. [::1]:2551",
      "node --bind-port 0                                 | --bind-port must be between 1 and 65535, got 0",
      "node --bind-port 70000                             | --bind-port must be between 1 and 65535, got 70000",
      "run --urls /nonexistent/urls.txt                   | --urls /nonexistent/urls.txt: no such file",
      "run --urls /                                       | --urls /: cannot read it (it is a directory)",
      "run --urls /dev/null                               | --urls /dev/null has no URLs (only blank lines and # comments)",
      "run --url http://127.0.0.1:9/ --concurrency 0      | --concurrency must be at least 1, got 0",
      "run --url http://127.0.0.1:9/ --repeat 0           | --repeat must be at least 1, got 0",
      "run --url http://127.0.0.1:9/ --batch 0            | --batch must be at least 1, got 0",
      "run --url http://127.0.0.1:9/ --io warp            | --io: unknown I/O style 'warp'; expected one of: blocking, async, virtual",
      "run --url http://127.0.0.1:9/ --io blocking,async  | run takes one --io style",
      "compare --url http://127.0.0.1:9/ --io async,async | I/O style 'async' is listed twice",
      "run --url http://127.0.0.1:9/ --timeout soon       | --timeout 'soon' is not a duration",
      "run --url http://127.0.0.1:9/ --timeout 5          | --timeout needs a unit, e.g. 5s or 500ms, got '5'",
      "run --url http://127.0.0.1:9/ --timeout 500us      | --timeout must be at least 1ms, got 500us",
      "run --url http://127.0.0.1:9/ --max-body 1.5.3MiB  | --max-body '1.5.3MiB' is not a size in bytes",
      "run --url http://127.0.0.1:9/ --max-body lots      | --max-body 'lots' is not a size in bytes",
      "run --url http://127.0.0.1:9/ --range 0..1         | fetch jobs take no --range",
      "run --url http://127.0.0.1:9/ --partitions 2       | use --batch, not --partitions",
      "run --url http://127.0.0.1:9/ --param io=async     | --param io: fetch jobs take it from the fetch options",
      "run --url http://127.0.0.1:9/ --task primes        | --urls/--url run the fetch task; drop --task primes",
      "run --task fetch                                   | task 'fetch' needs URLs: give --urls FILE or --url URL",
      "run --task primes --range 0..10 --batch 5          | are for fetch jobs: give --urls FILE or --url URL",
      "compare --preset seeds-io --url http://127.0.0.1:9/ | --preset seeds-io chooses its own task and input",
      "run --task primes --range 0..10 --mode sequential --journal j | --journal needs --mode actors or cluster: a sequential run keeps nothing to resume",
      "run --task primes --range 0..10 --mode threads --journal j | --journal needs --mode actors or cluster: a threads run keeps nothing to resume",
      "run --task primes --range 0..10 --mode cluster --chaos kill:RANDOM@40% --journal j | --journal and --chaos do not go together",
  })
  void badInputPrintsOneLineAndExitsTwo(String commandLine, String expected) {
    assertOneLineExitTwo(commandLine, expected);
  }

  /** On Java 17 there are no virtual threads: the command says so before anything runs. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "run --url http://127.0.0.1:9/ --io virtual",
      "compare --url http://127.0.0.1:9/ --io blocking,async,virtual",
  })
  void virtualIoWithoutVirtualThreadsIsRefused(String commandLine) {
    Assumptions.assumeFalse(VirtualThreads.available(), "this JVM has virtual threads");
    assertOneLineExitTwo(commandLine,
        "--io virtual needs Java 21 or newer; this JVM is " + System.getProperty("java.version"));
  }

  @Test
  void aTakenClusterPortIsRefusedBeforeAnythingStarts() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      assertOneLineExitTwo("run --task primes --range 0..10 --mode cluster --seed 127.0.0.1:9 --cluster-port " + port,
          "--cluster-port " + port + ": cannot listen on 127.0.0.1:" + port);
    }
  }

  private static void assertOneLineExitTwo(String commandLine, String expected) {
    Cli cli = Cli.run(commandLine.trim().split("\\s+"));
    assertEquals(2, cli.exitCode(), cli.err());
    assertEquals(1, cli.errLines().size(), "exactly one line:\n" + cli.err());
    assertTrue(cli.err().contains(expected), "expected '" + expected + "' in: " + cli.err());
    assertFalse(cli.err().contains("\tat "), "no stack trace: " + cli.err());
    assertFalse(cli.err().contains("Exception"), "no exception class: " + cli.err());
    assertFalse(cli.out().contains("answer"), "nothing ran: " + cli.out());
  }
}
