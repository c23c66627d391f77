package io.scatter.cli;

import java.io.PrintWriter;
import java.util.List;

/** The plain tables of {@code scatter jobs} and {@code scatter nodes}: columns padded to their widest cell. */
final class TextTable {

  private TextTable() {
  }

  /** Prints {@code rows} (the header first), every column but the last padded; the last is left as it is. */
  static void print(PrintWriter out, List<String[]> rows) {
    int columns = rows.get(0).length;
    int[] widths = new int[columns - 1];
    for (String[] row : rows) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < widths.length; i++) {
        line.append(String.format("%-" + widths[i] + "s  ", row[i]));
      }
      out.println(line.append(row[widths.length]).toString().stripTrailing());
    }
  }
}
