package dev.tcpmap.store;

import dev.tcpmap.core.model.EdgeKey;
import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.IpAddress;

/** Endpoints with every field set, and times on a day boundary. */
public final class Fixtures {

  /** 2023-11-14T00:00:00Z: a day boundary, so every bucket width starts here. */
  public static final long T0 = 1_699_920_000_000L;

  public static final long SECOND = 1_000;
  public static final long MINUTE = 60 * SECOND;
  public static final long HOUR = 60 * MINUTE;
  public static final long DAY = 24 * HOUR;

  public static final Endpoint POD =
      new Endpoint(
          IpAddress.parse("10.0.0.1"),
          Endpoint.Kind.POD,
          "web-7d9f-abcde",
          "shop",
          new Endpoint.Workload("Deployment", "web"),
          "node-a");
  public static final Endpoint SERVICE =
      new Endpoint(IpAddress.parse("10.96.0.10"), Endpoint.Kind.SERVICE, "db", "shop");
  public static final Endpoint EXTERNAL_V6 =
      new Endpoint(
          IpAddress.parse("2001:db8::1"), Endpoint.Kind.EXTERNAL, "sérvice-東京 (SE, Linköping)", "");
  public static final Endpoint PROCESS =
      new Endpoint(
          IpAddress.parse("::ffff:127.0.0.1"),
          Endpoint.Kind.PROCESS,
          "curl",
          "",
          Endpoint.Workload.NONE,
          "node-b");

  public static final EdgeKey WEB_DB = new EdgeKey(POD, SERVICE, 5432);
  public static final EdgeKey WEB_OUT = new EdgeKey(POD, EXTERNAL_V6, 443);
  public static final EdgeKey CURL_OUT = new EdgeKey(PROCESS, EXTERNAL_V6, 0);

  private Fixtures() {}

  static Rollup opened(long at, EdgeKey edge, long count) {
    return new Rollup(at, edge, Counters.opened(count));
  }

  static Rollup ended(long at, EdgeKey edge, Counters.End end, long durationMillis) {
    return new Rollup(at, edge, Counters.ended(end, durationMillis * 1_000_000L, false));
  }
}
