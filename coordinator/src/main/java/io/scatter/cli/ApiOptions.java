package io.scatter.cli;

import com.typesafe.config.Config;
import io.scatter.api.ApiSettings;
import io.scatter.api.HostPort;
import io.scatter.api.TokenAuth;
import io.scatter.api.TokenFileCheck;
import io.scatter.localcluster.CoordinatorLauncher;
import io.scatter.localcluster.LocalCluster;
import io.scatter.node.ClusterSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Where the job API is, for {@code submit}, {@code jobs}, {@code nodes} and {@code cancel}: {@code --to URL} and its token. */
final class ApiOptions {

  /** The command this is mixed into: where a warning about the token file is printed, under its name. */
  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(names = "--to", paramLabel = "URL",
      description = "the job API of a 'scatter coordinator', e.g. http://10.0.0.5:8080 (default: the one 'cluster up' "
          + "started here, else http://${bundle:scatter.api.http})")
  String to;

  @Option(names = "--token-file", paramLabel = "FILE",
      description = "send Authorization: Bearer <the token in FILE>, for a coordinator started with --token-file")
  Path tokenFile;

  /** A client for the API these options name; the caller closes it. */
  ApiClient client(Config config) {
    return new ApiClient(base(config), token().or(() -> localUploadToken(config)), config);
  }

  private URI base(Config config) {
    if (to == null) {
      return localCoordinator(config).orElseGet(() -> {
        HostPort at = ApiSettings.from(config).http();
        return URI.create("http://" + at.host() + ":" + at.port() + "/");
      });
    }
    URI uri;
    try {
      uri = new URI(to.endsWith("/") ? to : to + "/");
    } catch (URISyntaxException e) {
      throw new UserInputException("--to '" + to + "' is not a URL: " + e.getReason());
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new UserInputException("--to must be an http:// or https:// URL with a host, e.g. http://127.0.0.1:8080, "
          + "got '" + to + "'");
    }
    return uri;
  }

  /** The coordinator `cluster up` started beside the local cluster, while it runs: found as `run` finds seeds. */
  private static Optional<URI> localCoordinator(Config config) {
    Path stateDir = ClusterSettings.from(config).stateDir();
    try {
      return LocalCluster.read(stateDir)
          .flatMap(LocalCluster::coordinatorRecord)
          .filter(LocalCluster.Coordinator::isAlive)
          .map(coordinator -> URI.create(coordinator.url().endsWith("/") ? coordinator.url() : coordinator.url() + "/"));
    } catch (IllegalArgumentException unreadable) {
      return Optional.empty(); // an unreadable record is no reason to refuse the configured address
    }
  }

  /**
   * For the coordinator {@code cluster up} started, found because no {@code --to} was given: the
   * upload token it keeps in its state folder (its API has none; uploads need this one). Readable
   * by that folder's owner only, so only they ship code to their cluster.
   */
  private Optional<String> localUploadToken(Config config) {
    if (to != null || localCoordinator(config).isEmpty()) {
      return Optional.empty();
    }
    Path file = CoordinatorLauncher.uploadTokenFile(ClusterSettings.from(config).stateDir());
    try {
      return java.nio.file.Files.isRegularFile(file) ? Optional.of(TokenAuth.read(file)) : Optional.empty();
    } catch (IllegalArgumentException unreadable) {
      return Optional.empty(); // another user's cluster: its uploads are refused, naming why
    }
  }

  private Optional<String> token() {
    if (tokenFile == null) {
      return Optional.empty();
    }
    try {
      String token = TokenAuth.read(tokenFile); // the server's checks, with its one-line refusals
      TokenFileCheck.warning(tokenFile).ifPresent(warning -> {
        mixee.commandLine().getErr().println(mixee.qualifiedName() + ": " + warning);
        mixee.commandLine().getErr().flush();
      });
      return Optional.of(token);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--token-file: " + e.getMessage());
    }
  }
}
