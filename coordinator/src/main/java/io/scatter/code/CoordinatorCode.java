package io.scatter.code;

import io.scatter.api.TokenAuth;
import io.scatter.node.code.CodeSettings;
import io.scatter.node.code.JarSets;
import io.scatter.task.TaskRegistry;
import java.util.List;
import java.util.Optional;

/**
 * Whether and how a coordinator runs uploaded code: the jars come from its {@link JarStore}, each
 * set in its own loader ({@link JarSets}); a job naming jars is refused with one line when uploads
 * are off, or when its cluster's members talk plain TCP off loopback (anyone on the network could
 * then put code of their own into the cluster's traffic, and read the job's).
 */
public final class CoordinatorCode {

  private final JarStore store;
  private final JarSets sets;
  private final Optional<String> refusal;
  private final Optional<TokenAuth> uploadToken;

  private CoordinatorCode(JarStore store, JarSets sets, Optional<String> refusal, Optional<TokenAuth> uploadToken) {
    this.store = store;
    this.sets = sets;
    this.refusal = refusal;
    this.uploadToken = uploadToken;
  }

  /**
   * @param plainOffLoopback the cluster's members talk plain TCP (no {@code --tls}) on an address
   *                         other than loopback
   */
  public static CoordinatorCode of(CodeSettings settings, boolean plainOffLoopback) {
    JarStore store = JarStore.of(settings);
    Optional<String> refusal = settings.upload() == CodeSettings.Upload.OFF
        ? Optional.of("this coordinator runs no uploaded code (scatter.jobs.allow-code-upload = off, or"
            + " --no-code-upload): only tasks on its classpath")
        : plainOffLoopback
            ? Optional.of("uploaded code is refused on a cluster whose members talk plain TCP off loopback: anyone"
                + " on that network could put code of their own into its traffic; start the cluster with --tls")
            : Optional.empty();
    return new CoordinatorCode(store, JarSets.over(store::file, settings), refusal, Optional.empty());
  }

  /**
   * The same, taking uploads with {@code token} when its API has no token of its own
   * ({@code scatter coordinator --upload-token-file}: {@code cluster up}'s coordinator).
   */
  public CoordinatorCode withUploadToken(TokenAuth token) {
    return new CoordinatorCode(store, sets, refusal, Optional.of(token));
  }

  /** The token an upload must carry when the API has none; empty: the API's own rules. */
  public Optional<TokenAuth> uploadToken() {
    return uploadToken;
  }

  public JarStore store() {
    return store;
  }

  /** Whether uploads are taken at all: a coordinator that would refuse every job of uploaded code takes none. */
  public Optional<String> refusal() {
    return refusal;
  }

  /** {@code tasks}, able to bind a task of uploaded jars when this coordinator runs uploaded code. */
  public TaskRegistry tasks(TaskRegistry tasks) {
    return tasks.withCode(this::tasksOf);
  }

  private TaskRegistry tasksOf(List<String> jars) {
    refusal.ifPresent(why -> {
      throw new IllegalArgumentException(why);
    });
    jars.forEach(store::touch); // still stored (its set may be loaded from before), and used now
    return sets.tasksOf(jars);
  }
}
