package dev.tcpmap.query;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.tcpmap.core.model.Endpoint;
import java.util.List;
import java.util.Objects;

/**
 * k8spacket's {@code namespace}, {@code include} and {@code exclude} filters over edges.
 *
 * <p>Semantics as k8spacket's repository query: each pattern is searched for anywhere in the text
 * (Go's {@code Regexp.Match}, not a full match); {@code namespace} keeps an edge whose client or
 * server namespace matches; {@code include} keeps an edge whose client or server IP text or display
 * name ({@link EndpointNames#title}) matches; {@code exclude} drops an edge whose client or server
 * IP text or display name matches. An empty pattern filters nothing. tcpmap adds {@code workload}
 * (native API only): keeps an edge whose client or server pod's workload ({@code Deployment/web})
 * matches. Patterns use RE2 syntax (RE2J, the same dialect as Go's regexp) and match in time linear
 * in the text.
 *
 * <p>Immutable and thread-safe. Equality compares the pattern texts.
 */
public final class EdgeFilter {

  /** Keeps every edge. */
  public static final EdgeFilter NONE = new EdgeFilter("", "", "", "");

  private final String namespaceText;
  private final String includeText;
  private final String excludeText;
  private final String workloadText;
  private final Pattern namespace;
  private final Pattern include;
  private final Pattern exclude;
  private final Pattern workload;

  private EdgeFilter(String namespace, String include, String exclude, String workload) {
    this.namespaceText = namespace;
    this.includeText = include;
    this.excludeText = exclude;
    this.namespace = compile("namespace", namespace);
    this.include = compile("include", include);
    this.exclude = compile("exclude", exclude);
    this.workloadText = workload;
    this.workload = compile("workload", workload);
  }

  /**
   * Compiles the three parameters; null or empty means no filter.
   *
   * @throws QueryException naming the parameter when a pattern is invalid or too large. k8spacket
   *     compiles with {@code MustCompile}, so a bad pattern kills its request handler instead.
   */
  public static EdgeFilter of(String namespace, String include, String exclude) {
    return of(namespace, include, exclude, "");
  }

  /**
   * As {@link #of(String, String, String)}, plus tcpmap's {@code workload} pattern.
   *
   * @throws QueryException naming the parameter when a pattern is invalid or too large
   */
  public static EdgeFilter of(String namespace, String include, String exclude, String workload) {
    return new EdgeFilter(
        Objects.requireNonNullElse(namespace, ""),
        Objects.requireNonNullElse(include, ""),
        Objects.requireNonNullElse(exclude, ""),
        Objects.requireNonNullElse(workload, ""));
  }

  /**
   * What the filters read of one end of an edge, for a kind of end: the namespace the {@code
   * namespace} filter searches, the names {@code include} and {@code exclude} search (a match in
   * any one counts), and the workload ({@code Kind/name}, "" for none) {@code workload} searches.
   */
  public interface Ends<T> {
    String namespace(T end);

    List<String> names(T end);

    String workload(T end);
  }

  /** An address's end: its IP text and display name, and a pod's workload. */
  private static final Ends<Endpoint> ENDPOINTS =
      new Ends<>() {
        @Override
        public String namespace(Endpoint end) {
          return end.namespace();
        }

        @Override
        public List<String> names(Endpoint end) {
          return List.of(end.ip().toString(), EndpointNames.title(end));
        }

        @Override
        public String workload(Endpoint end) {
          return end.kind() == Endpoint.Kind.POD ? end.workload().toString() : "";
        }
      };

  /** Whether the edge from {@code client} to {@code server} passes all the filters. */
  public boolean test(Endpoint client, Endpoint server) {
    return test(client, server, ENDPOINTS);
  }

  /**
   * Whether the edge from {@code client} to {@code server} passes all the filters, each end read by
   * {@code ends}: ends that are not addresses (the workload series' nodes) pass by the same rule.
   */
  public <T> boolean test(T client, T server, Ends<T> ends) {
    if (namespace != null
        && !(find(namespace, ends.namespace(client)) || find(namespace, ends.namespace(server)))) {
      return false;
    }
    if (include != null
        && !(anyFound(include, ends.names(client)) || anyFound(include, ends.names(server)))) {
      return false;
    }
    if (workload != null
        && !(find(workload, ends.workload(client)) || find(workload, ends.workload(server)))) {
      return false;
    }
    return exclude == null
        || !(anyFound(exclude, ends.names(client)) || anyFound(exclude, ends.names(server)));
  }

  private static boolean anyFound(Pattern pattern, List<String> texts) {
    for (String text : texts) {
      if (find(pattern, text)) {
        return true;
      }
    }
    return false;
  }

  private static boolean find(Pattern pattern, String text) {
    return pattern.matcher(text).find();
  }

  private static Pattern compile(String parameter, String text) {
    if (text.isEmpty()) {
      return null;
    }
    String overBudget = RegexBudget.check(text);
    if (overBudget != null) {
      throw QueryException.forParameter(parameter, overBudget);
    }
    try {
      return Pattern.compile(text);
    } catch (PatternSyntaxException e) {
      throw QueryException.forParameter(
          parameter, e.getDescription() + " in " + Texts.excerpt(e.getPattern()) + " (RE2 syntax)");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EdgeFilter other
        && namespaceText.equals(other.namespaceText)
        && includeText.equals(other.includeText)
        && excludeText.equals(other.excludeText)
        && workloadText.equals(other.workloadText);
  }

  @Override
  public int hashCode() {
    return Objects.hash(namespaceText, includeText, excludeText, workloadText);
  }

  @Override
  public String toString() {
    return "EdgeFilter[namespace="
        + namespaceText
        + ", include="
        + includeText
        + ", exclude="
        + excludeText
        + ", workload="
        + workloadText
        + "]";
  }
}
