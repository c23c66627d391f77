package io.scatter.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.heading.anchor.IdGenerator;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.CustomBlock;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SourceSpan;
import org.commonmark.node.Text;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

/**
 * What a Markdown file looks like once GitHub renders it, checked for the mistakes that render
 * silently wrong: a fence that never closes or is closed by a line with text after it (CommonMark
 * reads that as code, and prose and code swap from there to the end of the file), a Markdown
 * heading swallowed by a code block, a table that does not parse, and a relative link or anchor
 * that points nowhere.
 */
final class MarkdownCheck {

  /** One mistake, at a 1-based line of a file. */
  record Problem(Path file, int line, String what) {
    @Override
    public String toString() {
      return file.getFileName() + ":" + line + ": " + what;
    }
  }

  private static final Parser PARSER = Parser.builder()
      .extensions(List.of(TablesExtension.create()))
      .includeSourceSpans(IncludeSourceSpans.BLOCKS_AND_INLINES)
      .build();
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");
  private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})(.*)$");
  private static final Pattern HEADING = Pattern.compile("^ {0,3}#{2,6}\\s+\\S");
  private static final Pattern UNESCAPED_PIPE = Pattern.compile("(?<!\\\\)\\|");

  private final Map<Path, Set<String>> anchors = new HashMap<>();

  /** Every problem of {@code file}; its links are resolved against the files beside it. */
  List<Problem> check(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    List<String> lines = lines(absolute);
    Node document = PARSER.parse(String.join("\n", lines));
    List<Problem> problems = new ArrayList<>();
    document.accept(new AbstractVisitor() {
      @Override
      public void visit(FencedCodeBlock block) {
        checkFence(absolute, lines, block, problems);
      }

      @Override
      public void visit(Paragraph paragraph) {
        int first = firstLine(paragraph);
        if (first >= 0 && lines.get(first).strip().startsWith("|")) {
          problems.add(new Problem(absolute, first + 1,
              "a table that does not parse (its delimiter row is missing or has another number of cells)"));
        }
        visitChildren(paragraph);
      }

      @Override
      public void visit(CustomBlock block) {
        if (block instanceof TableBlock table) {
          checkTable(absolute, lines, table, problems);
        }
        visitChildren(block);
      }

      @Override
      public void visit(Link link) {
        checkLink(absolute, link.getDestination(), lineOf(link), problems);
        visitChildren(link);
      }

      @Override
      public void visit(Image image) {
        checkLink(absolute, image.getDestination(), lineOf(image), problems);
        visitChildren(image);
      }
    });
    return problems;
  }

  /** The ids GitHub gives the headings of {@code file}, for {@code #anchor} links. */
  Set<String> anchors(Path file) {
    return anchors.computeIfAbsent(file.toAbsolutePath().normalize(), path -> {
      IdGenerator ids = IdGenerator.builder().build();
      Set<String> found = new LinkedHashSet<>();
      PARSER.parse(String.join("\n", lines(path))).accept(new AbstractVisitor() {
        @Override
        public void visit(Heading heading) {
          found.add(ids.generateId(text(heading)));
        }
      });
      return found;
    });
  }

  private static void checkFence(Path file, List<String> lines, FencedCodeBlock block, List<Problem> problems) {
    List<SourceSpan> spans = block.getSourceSpans();
    int opening = spans.get(0).getLineIndex();
    boolean closed = block.getClosingFenceLength() != null;
    if (!closed) {
      problems.add(new Problem(file, opening + 1, "a code block that never closes: it runs to the end of the file"));
    }
    if (block.getInfo() == null || block.getInfo().isBlank()) {
      problems.add(new Problem(file, opening + 1, "a fence that opens a code block without naming its language"
          + " (```text, ```console, ...): a closing fence read as an opening one looks like this"));
    }
    String info = block.getInfo() == null ? "" : block.getInfo().strip();
    boolean markdown = info.startsWith("markdown") || info.startsWith("md");
    int contentEnd = closed ? spans.size() - 1 : spans.size();
    for (int i = 1; i < contentEnd; i++) {
      int index = spans.get(i).getLineIndex();
      String line = lines.get(index);
      Matcher fence = FENCE.matcher(line);
      if (fence.matches() && fence.group(1).charAt(0) == block.getFenceCharacter().charAt(0)
          && fence.group(1).length() >= block.getOpeningFenceLength() && !fence.group(2).isBlank()) {
        problems.add(new Problem(file, index + 1, "a closing fence with text after it is no fence in CommonMark:"
            + " the code block opened at line " + (opening + 1) + " runs on past it; put the text on a line of its own"));
      } else if (!markdown && HEADING.matcher(line).find()) {
        problems.add(new Problem(file, index + 1, "a Markdown heading inside the code block opened at line "
            + (opening + 1) + " (is a fence above it broken?)"));
      }
    }
  }

  private static void checkTable(Path file, List<String> lines, TableBlock table, List<Problem> problems) {
    List<SourceSpan> spans = table.getSourceSpans();
    int header = cells(lines.get(spans.get(0).getLineIndex()));
    for (SourceSpan span : spans.subList(1, spans.size())) {
      int count = cells(lines.get(span.getLineIndex()));
      if (count != header) {
        problems.add(new Problem(file, span.getLineIndex() + 1, "a table row of " + count + " cells under a header of "
            + header + " (a | inside a cell must be written \\|)"));
      }
    }
  }

  private void checkLink(Path file, String destination, int line, List<Problem> problems) {
    if (destination == null || destination.isEmpty() || SCHEME.matcher(destination).find()
        || destination.startsWith("//")) {
      return;
    }
    int hash = destination.indexOf('#');
    String path = hash < 0 ? destination : destination.substring(0, hash);
    String anchor = hash < 0 ? null : destination.substring(hash + 1);
    Path target = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
    if (!Files.exists(target)) {
      problems.add(new Problem(file, line, "a link to " + destination + ", which does not exist"));
      return;
    }
    if (anchor == null) {
      return;
    }
    if (!target.getFileName().toString().endsWith(".md") || Files.isDirectory(target)) {
      problems.add(new Problem(file, line, "a link to #" + anchor + " in " + path + ", which is no Markdown file"));
    } else if (!anchors(target).contains(anchor)) {
      problems.add(new Problem(file, line, "a link to " + destination + ": " + target.getFileName()
          + " has no heading with the id " + anchor));
    }
  }

  /** Cells of a table line as GFM splits it: at each unescaped |, outer pipes aside. */
  static int cells(String line) {
    String row = line.strip();
    if (row.startsWith("|")) {
      row = row.substring(1);
    }
    if (row.endsWith("|") && !row.endsWith("\\|")) {
      row = row.substring(0, row.length() - 1);
    }
    return UNESCAPED_PIPE.split(row, -1).length;
  }

  /** A heading's text as GitHub makes its id from it: text and code, without markup. */
  static String text(Node node) {
    StringBuilder text = new StringBuilder();
    node.accept(new AbstractVisitor() {
      @Override
      public void visit(Text t) {
        text.append(t.getLiteral());
      }

      @Override
      public void visit(Code code) {
        text.append(code.getLiteral());
      }
    });
    return text.toString();
  }

  private static int lineOf(Node node) {
    for (Node at = node; at != null; at = at.getParent()) {
      int line = firstLine(at);
      if (line >= 0) {
        return line + 1;
      }
    }
    return 0;
  }

  private static int firstLine(Node node) {
    List<SourceSpan> spans = node.getSourceSpans();
    return spans.isEmpty() ? -1 : spans.get(0).getLineIndex();
  }

  static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  static Node parse(Path file) {
    return PARSER.parse(String.join("\n", lines(file)));
  }
}
