package io.scatter.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.junit.jupiter.api.Test;

/**
 * README.md and docs/ render as written, their links lead somewhere, and docs/configuration.md
 * says what conf/ says. The fixtures under docs-fixtures/ show each kind of mistake is caught.
 */
final class DocsTest {

  private static final Path ROOT = Repo.root();
  private static final int README_MAX_LINES = 220;

  private final MarkdownCheck check = new MarkdownCheck();

  @Test
  void readmeAndEveryDoc_renderAsWritten_andTheirLinksResolve() throws IOException {
    List<MarkdownCheck.Problem> problems = new ArrayList<>();
    for (Path file : markdownFiles()) {
      problems.addAll(check.check(file));
    }
    assertTrue(problems.isEmpty(), problems.stream().map(Object::toString).collect(Collectors.joining("\n")));
  }

  @Test
  void closingFenceWithTextAfterIt_isCaught_asTheCodeAndProseItSwaps() {
    List<String> found = problems("broken-fence.md");
    assertTrue(found.stream().anyMatch(p -> p.startsWith("broken-fence.md:8: a closing fence with text after it")), found::toString);
    // The fence meant to open the next example closes the runaway block; the one meant to close it opens a new one.
    assertTrue(found.stream().anyMatch(p -> p.startsWith("broken-fence.md:14: a fence that opens a code block without naming")),
        found::toString);
    assertTrue(found.stream().anyMatch(p -> p.startsWith("broken-fence.md:14: a code block that never closes")), found::toString);
    assertTrue(found.stream().anyMatch(p -> p.startsWith("broken-fence.md:16: a Markdown heading inside")), found::toString);
  }

  @Test
  void fenceThatNeverCloses_isCaught() {
    assertEquals(List.of("unclosed-fence.md:5: a code block that never closes: it runs to the end of the file"),
        problems("unclosed-fence.md"));
  }

  @Test
  void headingInsideACodeBlock_isCaught() {
    List<String> found = problems("heading-in-code.md");
    assertEquals(1, found.size(), found::toString);
    assertTrue(found.get(0).startsWith("heading-in-code.md:7: a Markdown heading inside the code block opened at line 5"),
        found::toString);
  }

  @Test
  void tableThatDoesNotParse_andRowOfTheWrongWidth_areCaught() {
    List<String> found = problems("broken-table.md");
    assertEquals(2, found.size(), found::toString);
    assertTrue(found.get(0).startsWith("broken-table.md:7: a table that does not parse"), found::toString);
    assertTrue(found.get(1).startsWith("broken-table.md:13: a table row of 3 cells under a header of 2"), found::toString);
  }

  @Test
  void linksToAMissingFileOrHeading_areCaught() {
    List<String> found = problems("dead-links.md");
    assertEquals(List.of(
        "dead-links.md:5: a link to missing.md, which does not exist",
        "dead-links.md:5: a link to good.md#no-such-heading: good.md has no heading with the id no-such-heading",
        "dead-links.md:6: a link to #nowhere: dead-links.md has no heading with the id nowhere"), found);
  }

  @Test
  void wellFormedPage_passes() {
    assertEquals(List.of(), problems("good.md"));
  }

  @Test
  void headingIds_areGitHubs() {
    Path page = fixture("good.md");
    assertTrue(check.anchors(page).containsAll(List.of("a-well-formed-page", "code", "tables", "links")),
        check.anchors(page)::toString);
    assertTrue(check.anchors(fixture("broken-table.md")).contains("tables-that-break-1"),
        "a second heading of the same text gets -1, as on GitHub");
  }

  @Test
  void readme_isShort() throws IOException {
    long lines = Files.readAllLines(ROOT.resolve("README.md")).size();
    assertTrue(lines < README_MAX_LINES, "README.md has " + lines + " lines; what does not fit belongs in docs/");
  }

  @Test
  void readme_givesTheTestCommandThatCiRuns() throws IOException {
    // CI checks that .ci/run runs the test command the README gives; keep the two in step.
    String command = "mvn -B verify";
    assertTrue(codeBlocks(ROOT.resolve("README.md")).stream().anyMatch(code -> code.lines()
        .anyMatch(line -> line.replaceFirst("^\\$ ", "").strip().equals(command))), "README.md gives " + command);
    assertTrue(Files.readAllLines(ROOT.resolve(".ci/run")).stream().anyMatch(line -> line.strip().equals(command)),
        ".ci/run runs " + command);
  }

  @Test
  void everyDoc_opensWithWhatItIsFor() throws IOException {
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      for (Path doc : docs.filter(path -> path.toString().endsWith(".md")).sorted().toList()) {
        Node first = MarkdownCheck.parse(doc).getFirstChild();
        assertTrue(first instanceof Heading heading && heading.getLevel() == 1, doc + " starts with a title");
        assertTrue(first.getNext() instanceof Paragraph, doc + ": a paragraph saying what the page is for follows its title");
      }
    }
  }

  @Test
  void configurationDoc_listsEveryKeyOfConf_withTheDefaultConfHas() throws IOException {
    Map<String, Map<String, String>> documented = documentedSettings();
    List<String> wrong = new ArrayList<>();
    try (Stream<Path> files = Files.list(ROOT.resolve("conf"))) {
      for (Path file : files.filter(path -> path.toString().endsWith(".conf")).sorted().toList()) {
        String name = "conf/" + file.getFileName();
        Map<String, ConfigValue> conf = settings(file);
        Map<String, String> doc = documented.getOrDefault(name, Map.of());
        for (Map.Entry<String, ConfigValue> key : conf.entrySet()) {
          String shown = doc.get(key.getKey());
          if (shown == null) {
            wrong.add(name + " sets " + key.getKey() + " = " + key.getValue().render() + ", which docs/configuration.md does not list under " + name);
          } else if (!Objects.equals(value(shown), key.getValue().unwrapped())) {
            wrong.add("docs/configuration.md gives " + key.getKey() + " the default " + shown + "; " + name + " has "
                + key.getValue().render());
          }
        }
        for (String key : doc.keySet()) {
          if (!conf.containsKey(key)) {
            wrong.add("docs/configuration.md lists " + key + " under " + name + ", which does not set it");
          }
        }
      }
    }
    assertTrue(wrong.isEmpty(), String.join("\n", wrong));
  }

  @Test
  void configurationDoc_hasASectionForEveryConfFile_andNoOther() throws IOException {
    try (Stream<Path> files = Files.list(ROOT.resolve("conf"))) {
      TreeSet<String> conf = files.filter(path -> path.toString().endsWith(".conf"))
          .map(path -> "conf/" + path.getFileName()).collect(Collectors.toCollection(TreeSet::new));
      assertEquals(conf, new TreeSet<>(documentedSettings().keySet()));
    }
  }

  /** Per conf file named in a level-2 heading, the key and default of each row of its tables. */
  private static Map<String, Map<String, String>> documentedSettings() {
    Map<String, Map<String, String>> settings = new TreeMap<>();
    String file = null;
    for (Node node = MarkdownCheck.parse(ROOT.resolve("docs/configuration.md")).getFirstChild(); node != null;
        node = node.getNext()) {
      if (node instanceof Heading heading && heading.getLevel() == 2) {
        String title = MarkdownCheck.text(heading).strip();
        file = title.matches("conf/[\\w-]+\\.conf") ? title : null;
        if (file != null) {
          settings.put(file, new TreeMap<>());
        }
      } else if (node instanceof TableBlock table && file != null) {
        List<List<String>> rows = rows(table);
        if (rows.get(0).get(0).equals("key")) {
          for (List<String> row : rows.subList(1, rows.size())) {
            String earlier = settings.get(file).put(row.get(0), row.get(1));
            assertEquals(null, earlier, row.get(0) + " is listed twice under " + file);
          }
        }
      }
    }
    return settings;
  }

  private static List<List<String>> rows(TableBlock table) {
    List<List<String>> rows = new ArrayList<>();
    collectRows(table, rows);
    return rows;
  }

  private static void collectRows(Node node, List<List<String>> rows) {
    for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
      if (child instanceof TableRow) {
        List<String> cells = new ArrayList<>();
        for (Node cell = child.getFirstChild(); cell != null; cell = cell.getNext()) {
          if (cell instanceof TableCell) {
            cells.add(MarkdownCheck.text(cell).strip());
          }
        }
        rows.add(cells);
      } else {
        collectRows(child, rows);
      }
    }
  }

  /** A conf file's own keys and values: not those of the files it includes, which have sections of their own. */
  private static Map<String, ConfigValue> settings(Path file) {
    ConfigIncluder ownKeysOnly = new ConfigIncluder() {
      @Override
      public ConfigIncluder withFallback(ConfigIncluder fallback) {
        return this;
      }

      @Override
      public ConfigObject include(ConfigIncludeContext context, String what) {
        return ConfigFactory.empty().root();
      }
    };
    Config config = ConfigFactory.parseFile(file.toFile(),
        ConfigParseOptions.defaults().setAllowMissing(false).setIncluder(ownKeysOnly)).resolve();
    Map<String, ConfigValue> settings = new TreeMap<>();
    config.entrySet().forEach(entry -> settings.put(entry.getKey(), entry.getValue()));
    return settings;
  }

  /** A default as the doc writes it, read as HOCON reads the same text in a conf file. */
  private static Object value(String shown) {
    return ConfigFactory.parseString("value = " + shown).getValue("value").unwrapped();
  }

  private static List<String> codeBlocks(Path file) {
    List<String> blocks = new ArrayList<>();
    for (Node node = MarkdownCheck.parse(file).getFirstChild(); node != null; node = node.getNext()) {
      if (node instanceof FencedCodeBlock block) {
        blocks.add(block.getLiteral());
      }
    }
    return blocks;
  }

  /** README.md and docs/*.md; docs/upstream/ holds bug reports written for Pekko, kept as filed. */
  private static List<Path> markdownFiles() throws IOException {
    List<Path> files = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(files::add);
    }
    return files;
  }

  private List<String> problems(String fixture) {
    return check.check(fixture(fixture)).stream().map(Object::toString).toList();
  }

  private static Path fixture(String name) {
    try {
      return Path.of(Objects.requireNonNull(DocsTest.class.getResource("/docs-fixtures/" + name), name).toURI());
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
  }
}
