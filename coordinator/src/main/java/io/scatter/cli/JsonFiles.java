package io.scatter.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes reports as indented JSON; a file that cannot be written is the user's input error, not a crash. */
final class JsonFiles {

  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonFiles() {
  }

  static void write(Path file, Object report) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      MAPPER.writeValue(file.toFile(), report);
    } catch (IOException e) {
      throw new UserInputException("cannot write JSON report to " + file + ": " + e.getMessage());
    }
  }
}
