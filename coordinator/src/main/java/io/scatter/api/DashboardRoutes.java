package io.scatter.api;

import java.util.List;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The dashboard's page, {@code GET /}, and its script and style, from inside the jar: no build step,
 * nothing fetched from elsewhere. They hold no data (the page asks the API for it, with the token it
 * is given), so they are served without one: a browser must load the page to log in. Only these three
 * names are served, so no path can reach another resource.
 */
final class DashboardRoutes extends AllDirectives {

  private static final String FOLDER = "io/scatter/api/dashboard/";
  /**
   * The page may talk only to the server it came from and run only its own script: a job's task name
   * or answer, shown on it, can never load or run anything.
   */
  private static final List<HttpHeader> HEADERS = List.of(
      RawHeader.create("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'"),
      RawHeader.create("X-Content-Type-Options", "nosniff"),
      RawHeader.create("Cache-Control", "no-cache"));

  Route route() {
    return get(() -> respondWithHeaders(HEADERS, () -> concat(
        pathSingleSlash(() -> asset("index.html", ContentTypes.TEXT_HTML_UTF8)),
        pathPrefix("dashboard", () -> concat(
            path("app.js", () -> asset("app.js",
                ContentTypes.create(MediaTypes.APPLICATION_JAVASCRIPT, HttpCharsets.UTF_8))),
            path("app.css", () -> asset("app.css", ContentTypes.create(MediaTypes.TEXT_CSS, HttpCharsets.UTF_8))))))));
  }

  private Route asset(String name, ContentType type) {
    return getFromResource(FOLDER + name, type);
  }
}
