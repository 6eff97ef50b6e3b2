package dev.tcpmap.query.filter;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.cel.runtime.CelVariableResolver;
import dev.tcpmap.aggregate.Snapshot;
import dev.tcpmap.core.model.ConnectionRecord;
import dev.tcpmap.core.model.EdgeKey;
import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.tls.TlsHandshake;
import dev.tcpmap.query.QueryException;
import dev.tcpmap.query.RegexBudget;
import dev.tcpmap.query.filter.FilterField.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A filter expression ({@code filter=}), compiled: CEL over the {@link FilterField}s, with
 * Kubeshark's {@code and}, {@code or} and {@code not} beside CEL's operators ({@link
 * KubesharkWords}). A request compiles its expression once, before any data is read; compiling
 * type-checks it (the result must be a boolean, every name a field), checks each {@code matches}
 * pattern against the regex budget and estimates its cost ({@link FilterCost}) against {@link
 * #MAX_COST}. Every refusal is a {@link QueryException} for the parameter {@code filter} naming the
 * position as {@code line:column}.
 *
 * <p>Immutable and thread-safe; evaluation allocates only the subject's view.
 */
public final class ConnectionFilter {
  /** The most steps one evaluation may cost (see {@link FilterCost}). */
  public static final long MAX_COST = 10_000;

  /** The longest expression, in code points. */
  public static final int MAX_LENGTH = 4_096;

  /** Keeps everything. */
  public static final ConnectionFilter NONE =
      new ConnectionFilter("", null, EnumSet.noneOf(FilterField.class), 0, Duration.ZERO);

  private static final String PARAMETER = "filter";

  /**
   * CEL's compiler and runtime, built on the first filter: a request without one loads none of CEL
   * (nor protobuf under it).
   */
  private static final class Cel {
    static final CelOptions OPTIONS =
        CelOptions.current()
            .maxExpressionCodePointSize(MAX_LENGTH)
            .comprehensionMaxIterations(FilterCost.UNKNOWN_SIZE)
            .maxRegexProgramSize((int) RegexBudget.MAX_INSTRUCTIONS)
            .build();

    static final CelCompiler COMPILER = compiler();

    static final CelRuntime RUNTIME =
        CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS).build();

    private static CelCompiler compiler() {
      CelCompilerBuilder builder =
          CelCompilerFactory.standardCelCompilerBuilder()
              .setOptions(OPTIONS)
              .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
              .setResultType(SimpleType.BOOL);
      for (FilterField f : FilterField.values()) {
        builder.addVar(f.fieldName(), f.type());
      }
      return builder.build();
    }
  }

  private final String text;
  private final CelRuntime.Program program;
  private final Set<FilterField> fields;
  private final long cost;
  private final Duration persistent;

  private ConnectionFilter(
      String text,
      CelRuntime.Program program,
      Set<FilterField> fields,
      long cost,
      Duration persistent) {
    this.text = text;
    this.program = program;
    this.fields = Set.copyOf(fields);
    this.cost = cost;
    this.persistent = persistent;
  }

  /**
   * Compiles {@code text}; null or blank keeps everything.
   *
   * @param persistent a connection lasting at least this long is {@code persistent}
   * @throws QueryException for {@code filter}: a syntax or type error, an unknown field (listing
   *     the known ones), a bad or too large {@code matches} pattern, or a cost over {@link
   *     #MAX_COST}; each with its position
   */
  public static ConnectionFilter compile(String text, Duration persistent) {
    Objects.requireNonNull(persistent, "persistent");
    if (text == null || text.isBlank()) {
      return NONE;
    }
    if (text.codePointCount(0, text.length()) > MAX_LENGTH) {
      throw QueryException.forParameter(
          PARAMETER, "longer than " + MAX_LENGTH + " characters: " + text.length());
    }
    CelAbstractSyntaxTree ast;
    try {
      ast = Cel.COMPILER.compile(KubesharkWords.rewrite(text)).getAst();
    } catch (CelValidationException e) {
      throw QueryException.forParameter(PARAMETER, FilterErrors.describe(e.getErrors(), text));
    }
    Set<FilterField> fields = EnumSet.noneOf(FilterField.class);
    List<CelExpr> patterns = new ArrayList<>();
    List<CelExpr> durations = new ArrayList<>();
    collect(ast.getExpr(), fields, patterns, durations);
    for (CelExpr pattern : patterns) {
      FilterErrors.checkPattern(pattern, ast, text);
    }
    for (CelExpr literal : durations) {
      checkDuration(literal, ast, text);
    }
    long cost = FilterCost.of(ast.getExpr());
    if (cost > MAX_COST) {
      throw QueryException.forParameter(
          PARAMETER,
          "too costly: up to "
              + (cost == Long.MAX_VALUE ? "unbounded" : cost)
              + " steps per connection, the limit is "
              + MAX_COST
              + " (nested all/exists/map over long lists, or large matches patterns)");
    }
    try {
      return new ConnectionFilter(text, Cel.RUNTIME.createProgram(ast), fields, cost, persistent);
    } catch (CelEvaluationException e) {
      throw QueryException.forParameter(PARAMETER, e.getMessage());
    }
  }

  /** The fields named, and the patterns of {@code matches} calls. */
  private static void collect(
      CelExpr e, Set<FilterField> fields, List<CelExpr> patterns, List<CelExpr> durations) {
    switch (e.getKind()) {
      case IDENT -> FilterField.byName(e.ident().name()).ifPresent(fields::add);
      case CALL -> {
        e.call().target().ifPresent(t -> collect(t, fields, patterns, durations));
        e.call().args().forEach(a -> collect(a, fields, patterns, durations));
        if (e.call().function().equals("matches")) {
          patterns.add(e.call().args().get(e.call().args().size() - 1));
        }
        if (e.call().function().equals("duration")
            && e.call().args().size() == 1
            && e.call().args().get(0).getKind() == CelExpr.ExprKind.Kind.CONSTANT) {
          durations.add(e);
        }
      }
      case SELECT -> collect(e.select().operand(), fields, patterns, durations);
      case LIST -> e.list().elements().forEach(x -> collect(x, fields, patterns, durations));
      case MAP ->
          e.map()
              .entries()
              .forEach(
                  x -> {
                    collect(x.key(), fields, patterns, durations);
                    collect(x.value(), fields, patterns, durations);
                  });
      case COMPREHENSION -> {
        var c = e.comprehension();
        for (CelExpr part :
            List.of(c.iterRange(), c.accuInit(), c.loopCondition(), c.loopStep(), c.result())) {
          collect(part, fields, patterns, durations);
        }
      }
      case CONSTANT, STRUCT, NOT_SET -> {}
    }
  }

  /**
   * Refuses a {@code duration("...")} whose text CEL cannot read: it would fail on every
   * connection, and pass unnoticed over none.
   */
  private static void checkDuration(CelExpr call, CelAbstractSyntaxTree ast, String text) {
    CelExpr literal = call.call().args().get(0);
    try {
      Cel.RUNTIME
          .createProgram(
              CelAbstractSyntaxTree.newCheckedAst(
                  call, ast.getSource(), ast.getReferenceMap(), ast.getTypeMap()))
          .eval(Map.of());
    } catch (CelEvaluationException e) {
      throw QueryException.forParameter(
          PARAMETER,
          FilterErrors.at(ast, literal, text)
              + "not a duration: "
              + literal.constant().stringValue()
              + " (e.g. \"30s\", \"1m30s\", \"250ms\")");
    }
  }

  /** Whether this keeps everything. */
  public boolean isNone() {
    return program == null;
  }

  /** The expression as written; "" for {@link #NONE}. */
  public String text() {
    return text;
  }

  /** The fields the expression reads. */
  public Set<FilterField> fields() {
    return fields;
  }

  /** The estimated steps of one evaluation. */
  public long cost() {
    return cost;
  }

  /** Whether every field it reads is known on {@code level}. */
  public boolean knownOn(Level level) {
    return fields.stream().allMatch(f -> f.knownOn(level));
  }

  /**
   * Refuses a filter that reads fields {@code level} does not know.
   *
   * @param what what the filter would run over, for the message ({@code "the live agent's graph,
   *     summed from its history's buckets,"})
   * @throws QueryException for {@code filter}, naming the fields and those that can be used
   */
  public void requireKnownOn(Level level, String what) {
    List<String> unknown =
        fields.stream()
            .filter(f -> !f.knownOn(level))
            .map(FilterField::fieldName)
            .sorted()
            .toList();
    if (unknown.isEmpty()) {
      return;
    }
    List<String> usable =
        Arrays.stream(FilterField.values())
            .filter(f -> f.knownOn(level))
            .map(FilterField::fieldName)
            .toList();
    throw QueryException.forParameter(
        PARAMETER,
        String.join(", ", unknown)
            + (unknown.size() == 1 ? " is" : " are")
            + " known per connection, not on "
            + what
            + "; there a filter can use "
            + String.join(", ", usable));
  }

  /** Whether a connection record passes, with the handshake read on it (or null). */
  public boolean test(ConnectionRecord record, TlsHandshake handshake) {
    return isNone() || eval(new FilterValues.OfConnection(record, handshake, persistent));
  }

  /**
   * The test of connection records, their handshakes found among {@code handshakes} (looked up only
   * when the expression reads a {@code tls.} field).
   */
  public Predicate<ConnectionRecord> overRecords(Collection<TlsHandshake> handshakes) {
    if (isNone()) {
      return r -> true;
    }
    HandshakeIndex index = readsTls() ? HandshakeIndex.of(handshakes) : HandshakeIndex.EMPTY;
    return r -> test(r, index.of(r.connection()));
  }

  /**
   * Whether an edge passes: it is made of connections that pass. Only for a filter known on {@link
   * Level#EDGE}, whose every field is the same for all connections of an edge.
   *
   * @throws IllegalStateException for a filter that reads what an edge does not know
   */
  public boolean testEdge(EdgeKey key) {
    if (!knownOn(Level.EDGE)) {
      throw new IllegalStateException("a filter of connections over edges: " + text);
    }
    return isNone() || eval(new FilterValues.OfEdge(key));
  }

  /** Whether a handshake passes, its ends named; only for a filter known on handshakes. */
  public boolean testHandshake(TlsHandshake handshake, Endpoint client, Endpoint server) {
    if (!knownOn(Level.HANDSHAKE)) {
      throw new IllegalStateException("a filter of connections over handshakes: " + text);
    }
    return isNone() || eval(new FilterValues.OfHandshake(handshake, client, server));
  }

  /**
   * The snapshot's connections that pass, with the handshakes read on them; its DNS answers and
   * losses as they are ({@code tcpmap analyze --filter}).
   */
  public Snapshot select(Snapshot snapshot) {
    if (isNone()) {
      return snapshot;
    }
    HandshakeIndex index = HandshakeIndex.of(snapshot.handshakes());
    List<ConnectionRecord> records = new ArrayList<>();
    Set<TlsHandshake> handshakes = Collections.newSetFromMap(new IdentityHashMap<>());
    for (ConnectionRecord r : snapshot.records()) {
      TlsHandshake h = index.of(r.connection());
      if (test(r, h)) {
        records.add(r);
        if (h != null) {
          handshakes.add(h);
        }
      }
    }
    List<TlsHandshake> kept = snapshot.handshakes().stream().filter(handshakes::contains).toList();
    // The filter speaks of TCP connections: UDP flows, ICMP errors and DNS lookups pass as they
    // are.
    return new Snapshot(
        records, snapshot.losses(), snapshot.asOf(), kept, snapshot.names(), snapshot.datagrams());
  }

  private boolean readsTls() {
    return fields.stream().anyMatch(f -> f.fieldName().startsWith("tls."));
  }

  private boolean eval(CelVariableResolver values) {
    try {
      return (Boolean) program.eval(values);
    } catch (CelEvaluationException e) {
      throw QueryException.forParameter(PARAMETER, FilterErrors.evaluation(e, text));
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConnectionFilter other
        && text.equals(other.text)
        && persistent.equals(other.persistent);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return "ConnectionFilter[" + text + "]";
  }
}
