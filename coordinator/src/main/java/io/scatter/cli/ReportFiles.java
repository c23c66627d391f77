package io.scatter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.scatter.node.util.AtomicFile;
import io.scatter.report.HtmlReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where {@code run} and {@code compare} write their report: as indented JSON ({@code --json}) and
 * as one self-contained HTML page with charts ({@code --html}), both from one JSON tree, so the page
 * shows exactly what the file holds. Each file is replaced whole (written beside it, then renamed
 * over it): a reader never sees half a report. A file that cannot be written is the user's input
 * error, not a crash; {@link #check} says so before the job runs.
 */
final class ReportFiles {

  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final String TEMP_SUFFIX = ".tmp";

  private final Path json;
  private final Path html;
  private final String command;

  /**
   * @param json    where to write the JSON; null for nowhere
   * @param html    where to write the page; null for nowhere
   * @param command the command, for the page's title ({@code scatter compare})
   */
  ReportFiles(Path json, Path html, String command) {
    this.json = json;
    this.html = html;
    this.command = command;
  }

  /**
   * Refuses, before anything runs, a path that is a folder or lies under a file: found only after
   * the job, it would cost the whole run. (What only writing can tell, a full disk, still shows then.)
   */
  ReportFiles check() {
    check(json, "JSON");
    check(html, "HTML");
    return this;
  }

  /** Writes the report to each file asked for; says where the page went, to open it. */
  void write(Object report, PrintWriter out) {
    if (json == null && html == null) {
      return;
    }
    JsonNode tree = MAPPER.valueToTree(report);
    if (json != null) {
      write(json, "JSON", json(tree));
    }
    if (html != null) {
      write(html, "HTML", HtmlReport.render(command, tree).getBytes(StandardCharsets.UTF_8));
      out.println("HTML report: " + html.toAbsolutePath().normalize());
    }
  }

  private static byte[] json(JsonNode tree) {
    try {
      return MAPPER.writeValueAsBytes(tree);
    } catch (IOException e) {
      throw new IllegalStateException("a JSON tree that does not write: " + e.getMessage(), e);
    }
  }

  private static void check(Path file, String what) {
    if (file == null) {
      return;
    }
    if (Files.isDirectory(file)) {
      throw cannotWrite(file, what, "it is a folder");
    }
    for (Path up = file.toAbsolutePath().getParent(); up != null; up = up.getParent()) {
      if (Files.exists(up)) {
        if (!Files.isDirectory(up)) {
          throw cannotWrite(file, what, up + " is not a folder");
        }
        return;
      }
    }
  }

  /**
   * Through a temporary file beside it, created as any new file is (so the report gets the usual
   * permissions, not a temporary file's owner-only ones), then renamed over it.
   */
  private static void write(Path file, String what, byte[] content) {
    Path temp = null;
    Path parent = file.toAbsolutePath().getParent();
    try {
      Files.createDirectories(parent);
      temp = parent.resolve(file.getFileName() + "." + ThreadLocalRandom.current().nextLong(Long.MAX_VALUE)
          + TEMP_SUFFIX);
      Files.write(temp, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      deleteQuietly(temp);
      throw cannotWrite(file, what, reason(e, parent));
    }
  }

  /** The system's reason in words; a missing file here is the temporary one, which the folder did not take. */
  private static String reason(IOException e, Path parent) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e instanceof NoSuchFileException ? "cannot create a file in " + parent : AtomicFile.reason(e);
  }

  private static UserInputException cannotWrite(Path file, String what, String reason) {
    return new UserInputException("cannot write " + what + " report to " + file + ": " + reason);
  }

  private static void deleteQuietly(Path temp) {
    if (temp == null) {
      return;
    }
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      // The write failed already, which is what the user hears of; a stray temporary file is the lesser matter.
    }
  }
}
