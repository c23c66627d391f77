package io.scatter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code scatter cancel ID}: cancels a job on a coordinator and prints its state after; a job
 * that had already ended stays as it ended. An unknown id is the API's 404, exit 2.
 */
@Command(name = "cancel", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Cancel a job on a coordinator's job API and print its state.")
final class CancelCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "ID", description = "the job's id, as submit and jobs print it")
  String id;

  @Mixin
  ApiOptions api;

  @Mixin
  CommonOptions common = CommonOptions.scatterOnly();

  @Override
  public Integer call() {
    if (!id.matches("[A-Za-z0-9._-]+")) {
      throw new UserInputException("'" + id + "' is not a job id (see 'scatter jobs')");
    }
    JsonNode job;
    try (ApiClient client = api.client(common.config())) {
      job = client.cancel(id);
    }
    spec.commandLine().getOut().println("job " + job.get("id").asText() + " " + job.get("state").asText() + ", "
        + job.get("partitionsDone").asLong() + " of " + Plural.of(job.get("partitions").asLong(), "partition") + " done"
        + (job.hasNonNull("error") ? ": " + job.get("error").asText() : ""));
    return ExitCodes.OK;
  }
}
