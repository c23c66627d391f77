package io.scatter.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * A report page taken apart as a reader's tools would: each {@code <svg>} parsed by a real XML
 * parser (a chart that is not well-formed fails the test here), the JSON block parsed as JSON.
 */
record Page(String html) {

  private static final Pattern SVG = Pattern.compile("<svg\\b.*?</svg>", Pattern.DOTALL);
  private static final Pattern JSON_BLOCK =
      Pattern.compile("<script type=\"application/json\" id=\"report\">(.*?)</script>", Pattern.DOTALL);
  private static final Pattern ABSENT = Pattern.compile("<p class=\"absent\" id=\"[^\"]*\" data-chart=\"([^\"]*)\">");
  /** Anything a browser would fetch: a src or href attribute, a CSS url() or @import, a link element. */
  private static final Pattern FETCHED = Pattern.compile("(?i)\\b(src|href)\\s*=|url\\s*\\(|@import|<link\\b");

  static Page read(Path file) throws IOException {
    return new Page(Files.readString(file, StandardCharsets.UTF_8));
  }

  /** Every chart by id, each parsed on its own as an XML document. */
  Map<String, Element> charts() {
    Map<String, Element> charts = new LinkedHashMap<>();
    Matcher svg = SVG.matcher(html);
    while (svg.find()) {
      Element root = parse(svg.group()).getDocumentElement();
      charts.put(root.getAttribute("id"), root);
    }
    assertEquals(html.split("<svg\\b", -1).length - 1, charts.size(), "every <svg> parsed, ids distinct");
    return charts;
  }

  Element chart(String id) {
    Element chart = charts().get(id);
    assertTrue(chart != null, "chart " + id + " in the page; it has " + charts().keySet());
    return chart;
  }

  /** The ids of the charts left out, each with its line saying why. */
  Set<String> absentCharts() {
    Set<String> ids = new LinkedHashSet<>();
    Matcher absent = ABSENT.matcher(html);
    while (absent.find()) {
      ids.add(absent.group(1));
    }
    return ids;
  }

  JsonNode embeddedJson() throws IOException {
    Matcher block = JSON_BLOCK.matcher(html);
    assertTrue(block.find(), "the page carries its JSON");
    return new ObjectMapper().readTree(block.group(1));
  }

  /** What in the page would make a browser fetch something: none of it may be there. */
  List<String> fetchedReferences() {
    List<String> found = new ArrayList<>();
    Matcher matcher = FETCHED.matcher(html);
    while (matcher.find()) {
      found.add(html.substring(matcher.start(), Math.min(html.length(), matcher.end() + 40)));
    }
    return found;
  }

  /** The chart's elements of {@code name} with class {@code cssClass}, in document order. */
  static List<Element> elements(Element chart, String name, String cssClass) {
    List<Element> found = new ArrayList<>();
    NodeList all = chart.getElementsByTagNameNS("http://www.w3.org/2000/svg", name);
    for (int i = 0; i < all.getLength(); i++) {
      Element element = (Element) all.item(i);
      if (cssClass.equals(element.getAttribute("class"))) {
        found.add(element);
      }
    }
    return found;
  }

  static double number(Element element, String attribute) {
    return Double.parseDouble(element.getAttribute(attribute));
  }

  /** The chart's own {@code <title>}: its first child element. */
  static String title(Element chart) {
    NodeList titles = chart.getElementsByTagNameNS("http://www.w3.org/2000/svg", "title");
    return titles.getLength() == 0 || titles.item(0).getParentNode() != chart ? "" : titles.item(0).getTextContent();
  }

  private static Document parse(String xml) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      DocumentBuilder builder = factory.newDocumentBuilder();
      builder.setErrorHandler(null);
      return builder.parse(new InputSource(new StringReader(xml)));
    } catch (ParserConfigurationException | SAXException | IOException e) {
      throw new AssertionError("a chart that is not well-formed XML: " + e.getMessage() + "\n" + xml, e);
    }
  }
}
