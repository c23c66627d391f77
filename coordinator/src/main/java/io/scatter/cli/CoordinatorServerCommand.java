package io.scatter.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.scatter.journal.JobJournal;
import io.scatter.journal.JournalSettings;
import io.scatter.api.ApiServer;
import io.scatter.api.ApiSettings;
import io.scatter.api.HostPort;
import io.scatter.api.TokenAuth;
import io.scatter.api.TokenFileCheck;
import io.scatter.coordinator.ClusterRunner;
import io.scatter.coordinator.JobBackends;
import io.scatter.code.CoordinatorCode;
import io.scatter.node.ClusterSettings;
import io.scatter.node.PlainTcpExposure;
import io.scatter.node.code.CodeSettings;
import io.scatter.service.JobService;
import io.scatter.service.RunnerJobService;
import io.scatter.task.TaskRegistry;
import io.scatter.node.util.Latches;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code scatter coordinator}: a long-lived coordinator that joins the cluster and serves the job
 * API over HTTP until Ctrl-C or SIGTERM (or, in a test, until its thread is interrupted). The
 * command only wires things together: the {@link JobService} runs the jobs, {@link ApiServer}
 * translates HTTP to it.
 */
@Command(name = "coordinator", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Join the cluster as a coordinator and serve the job API over HTTP: POST /jobs, "
        + "GET /jobs, GET and DELETE /jobs/{id}, GET /nodes, GET /health.",
    footer = {"", "Examples:",
        "  scatter coordinator &",
        "  curl -s localhost:8080/jobs -H 'Content-Type: application/json' -d '{\"task\":\"primes\",\"range\":\"0..1000000\"}'",
        "  scatter coordinator --http 0.0.0.0:8080 --token-file ~/.scatter-token --seed 10.0.0.5:2551"})
final class CoordinatorServerCommand implements Callable<Integer> {

  /** Makes the running job service for the cluster this command joins; the command closes it. */
  @FunctionalInterface
  interface ServiceFactory {
    JobService open(Config config, JobBackends.ClusterTarget cluster);
  }

  /** The job service over the cluster this command joins: its jobs share the nodes' workers. */
  static final ServiceFactory CLUSTER_SERVICE = (config, cluster) -> {
    // Opened before the cluster is joined: a journal in use or unreadable stops the start at once.
    JournalSettings journal = JournalSettings.from(config);
    Optional<JobJournal> kept = journal.location().map(where -> JobJournal.open(journal, config));
    Config member = cluster.config().get();
    return RunnerJobService.open(new ClusterRunner(member, cluster.seeds().get(), cluster.host()), member,
        code(member, cluster.host()).tasks(TaskRegistry.load()), kept);
  };

  /** Uploaded code as a coordinator of this cluster member runs it: the jar store, and whether it is refused. */
  static CoordinatorCode code(Config member, String host) {
    return CoordinatorCode.of(CodeSettings.from(member), PlainTcpExposure.plainOffLoopback(member, host));
  }

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--http", paramLabel = "HOST:PORT",
      description = "where the API listens; not loopback needs --token-file (default: ${bundle:scatter.api.http})")
  String http;

  @Option(names = "--token-file", paramLabel = "FILE",
      description = "every request must carry Authorization: Bearer <the token in FILE>; required off loopback")
  Path tokenFile;

  @Option(names = "--journal", paramLabel = "DIR|URL",
      description = "keep jobs in a journal, so a coordinator started again after a crash lists the ended ones and "
          + "resumes the running ones: a folder (an embedded H2 database in it) or a jdbc:postgresql:// URL "
          + "(user and password: scatter.journal.user/password); default scatter.journal.location, empty: none")
  String journal;

  @Option(names = "--upload-token-file", paramLabel = "FILE",
      description = "on an API without --token-file, uploads (POST /jars) still need Authorization: Bearer <the token "
          + "in FILE>; 'cluster up' gives its coordinator one in the state folder")
  Path uploadTokenFile;

  @Option(names = "--no-code-upload",
      description = "take no uploaded jars (POST /jars) and run no job that names any: only tasks on the classpath")
  boolean noCodeUpload;

  @Mixin
  ClusterOptions cluster;

  @Mixin
  CoordinatorPorts ports;

  @Mixin
  TlsOption tls;

  @Mixin
  CommonOptions common;

  private final ServiceFactory services;

  CoordinatorServerCommand() {
    this(CLUSTER_SERVICE);
  }

  CoordinatorServerCommand(ServiceFactory services) {
    this.services = services;
  }

  @Override
  public Integer call() {
    // The API's own actor system is a plain one: only the service's joins the cluster.
    Config plain = noCodeUpload ? withoutUploads(common.config()) : common.config();
    ApiSettings settings = ApiSettings.from(plain);
    HostPort at = http == null ? settings.http() : parseHttp(http);
    InetAddress address = resolve(at.host());
    // Checked before anything starts: off loopback, no token file means no service at all.
    Optional<TokenAuth> auth = TokenAuth.forBind(address, Optional.ofNullable(tokenFile), "--token-file");
    if (tokenFile != null) {
      TokenFileCheck.warning(tokenFile).ifPresent(warning -> {
        spec.commandLine().getErr().println(spec.qualifiedName() + ": " + warning);
        spec.commandLine().getErr().flush();
      });
    }
    Optional<TokenAuth> uploadToken = uploadToken();
    Config clusterConfig = cluster.clusterConfig(common);
    if (noCodeUpload) {
      clusterConfig = withoutUploads(clusterConfig);
    }
    CodeSettings.from(clusterConfig); // a bad scatter.jobs value stops the start here
    if (journal != null) {
      clusterConfig = clusterConfig.withValue("scatter.journal.location", ConfigValueFactory.fromAnyRef(journal));
    }
    PrintWriter out = spec.commandLine().getOut();
    // Pekko's own JVM-exit hook is off in scatter.conf: this one ends the wait below on SIGTERM or
    // Ctrl-C, and holds the JVM until the server, the service and any nodes started for it are closed.
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      stop.countDown();
      Latches.await(closed);
    }, "scatter-coordinator-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try (ClusterSession session = new ClusterSession(cluster, ports, tls, common, spec.commandLine().getErr(),
            ClusterSettings.from(clusterConfig).localNodes());
        JobService service = services.open(clusterConfig, session.target());
        ApiServer server = bind(service, address, at.port(), auth, plain,
            withUploadToken(code(clusterConfig, session.target().host()), uploadToken))) {
      out.println("serving the job API on " + server.url() + (auth.isPresent() ? " (bearer token required)" : "")
          + "; Ctrl-C to stop");
      out.flush();
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the caller stops us (tests): everything above is closed
    } finally {
      closed.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running, and returns now that everything is closed.
      }
    }
    out.println("stopped");
    out.flush();
    return ExitCodes.OK;
  }

  private static CoordinatorCode withUploadToken(CoordinatorCode code, Optional<TokenAuth> token) {
    return token.map(code::withUploadToken).orElse(code);
  }

  /** The upload token, if given: read and checked as the API's own token file is. */
  private Optional<TokenAuth> uploadToken() {
    if (uploadTokenFile == null) {
      return Optional.empty();
    }
    if (tokenFile != null) {
      throw new UserInputException("--upload-token-file is for an API without --token-file: with one, an upload needs"
          + " that token");
    }
    TokenAuth token;
    try {
      token = TokenAuth.fromFile(uploadTokenFile);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--upload-token-file: " + e.getMessage());
    }
    TokenFileCheck.warning(uploadTokenFile).ifPresent(warning -> {
      spec.commandLine().getErr().println(spec.qualifiedName() + ": " + warning);
      spec.commandLine().getErr().flush();
    });
    return Optional.of(token);
  }

  private static ApiServer bind(JobService service, InetAddress address, int port, Optional<TokenAuth> auth,
      Config config, CoordinatorCode code) {
    try {
      return ApiServer.start(service, address.getHostAddress(), port, auth, config, Optional.of(code));
    } catch (BindException e) {
      throw new UserInputException(e.getMessage());
    }
  }

  private static Config withoutUploads(Config config) {
    return config.withValue("scatter.jobs.allow-code-upload",
        ConfigValueFactory.fromAnyRef(CodeSettings.Upload.OFF.key()));
  }

  private static HostPort parseHttp(String text) {
    try {
      return HostPort.parse(text);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--http " + e.getMessage());
    }
  }

  private static InetAddress resolve(String host) {
    try {
      return InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new UserInputException("--http: unknown host " + host);
    }
  }
}
