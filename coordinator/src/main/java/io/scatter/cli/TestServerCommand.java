package io.scatter.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.scatter.testserver.TestServer;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code scatter test-server}: a local HTTP server for fetch jobs to hit, until Ctrl-C or SIGTERM. */
@Command(name = "test-server", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Serve HTTP test endpoints on loopback for fetch jobs: /delay?ms= answers after a "
        + "non-blocking delay, /bytes?n= sends n bytes, /status/{code} answers that status, "
        + "/drop closes the connection without a response.",
    footer = {"", "Example:", "  scatter test-server --port 18080 &", "  curl 'http://127.0.0.1:18080/delay?ms=50'"})
final class TestServerCommand implements Callable<Integer> {

  static final String ENDPOINTS = "/delay?ms=, /bytes?n=, /status/{code}, /drop";

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "18080",
      description = "TCP port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
      description = "address to listen on; must be loopback unless --allow-remote (default: ${DEFAULT-VALUE})")
  String host;

  @Option(names = "--allow-remote",
      description = "allow a non-loopback --host: anyone who can reach it can make this JVM hold connections and send data")
  boolean allowRemote;

  @Option(names = "--threads", paramLabel = "N",
      description = "threads of the server's dispatcher (default: ${bundle:scatter.test-server.dispatcher-threads})")
  Integer threads;

  @Mixin
  CommonOptions common;

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65_535) {
      throw new UserInputException("--port must be between 0 and 65535, got " + port);
    }
    InetAddress address = resolve(host);
    if (!allowRemote && !address.isLoopbackAddress()) {
      throw new UserInputException("refusing to listen on " + host + ", which is not a loopback address; "
          + "pass --allow-remote to expose the test endpoints to the network");
    }
    Config loaded = common.config();
    long dispatcherThreads = Setting.flagOr("--threads", threads, loaded, "scatter.test-server.dispatcher-threads",
        Config::getInt).atLeast(1);
    Config config = loaded.withValue("scatter.test-server.dispatcher-threads", ConfigValueFactory.fromAnyRef(dispatcherThreads));
    TestServer server;
    try {
      server = TestServer.start(address.getHostAddress(), port, config);
    } catch (BindException e) {
      throw new UserInputException(e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    CountDownLatch stopped = new CountDownLatch(1);
    // Pekko's own JVM-exit hook is off in scatter.conf, so this one unbinds and stops the system.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.stop();
      out.println("stopped");
      out.flush();
      stopped.countDown();
    }, "scatter-test-server-shutdown"));
    out.println("serving on " + server.url() + " (endpoints: " + ENDPOINTS + "); Ctrl-C to stop");
    out.flush();
    stopped.await();
    return ExitCodes.OK;
  }

  private static InetAddress resolve(String host) {
    try {
      return InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new UserInputException("unknown host " + host);
    }
  }
}
