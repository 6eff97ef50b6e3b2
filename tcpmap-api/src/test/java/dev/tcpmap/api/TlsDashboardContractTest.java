package dev.tcpmap.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpmap.api.wire.Json;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * k8spacket's TLS dashboard, read the way it reads tcpmap: Grafana's JSON API datasource takes one
 * column per JSONPath from {@code /tlsparser/api/data} ({@code $[*].src}, …), a table whose columns
 * must all have one value per row (a field missing from one record shifts or breaks the table),
 * then asks {@code /tlsparser/api/data/${id}} for the row picked and reads its fields, the
 * certificate's times as Go prints them. The golden files pin the exact answers; this test pins
 * what the dashboard needs of them, over every record of the fixture (with and without a
 * certificate, IPv4 and IPv6).
 */
class TlsDashboardContractTest {
  /** The list's columns and whether each is a number (else a string). */
  private static final Map<String, Boolean> LIST_COLUMNS =
      Map.ofEntries(
          Map.entry("id", false),
          Map.entry("src", false),
          Map.entry("srcName", false),
          Map.entry("srcNamespace", false),
          Map.entry("dst", false),
          Map.entry("dstName", false),
          Map.entry("dstPort", true),
          Map.entry("domain", false),
          Map.entry("usedTLSVersion", false),
          Map.entry("usedCipherSuite", false));

  private static final List<String> DETAIL_STRINGS =
      List.of("domain", "usedTLSVersion", "usedCipherSuite", "certificate.serverChain");
  private static final List<String> DETAIL_LISTS =
      List.of("clientTLSVersions", "clientCipherSuites");
  private static final List<String> DETAIL_TIMES =
      List.of("certificate.notBefore", "certificate.notAfter", "certificate.lastScrape");

  @RegisterExtension static final FixtureServer API = new FixtureServer();

  @Test
  void list_everyColumnHasOneValueOfItsTypePerRow_withAndWithoutGrafanasTimeRange()
      throws IOException {
    long from = ApiFixtures.NOW.minus(Duration.ofHours(6)).toEpochMilli();
    long to = ApiFixtures.NOW.toEpochMilli();
    for (String query : List.of("", "?from=" + from + "&to=" + to)) {
      JsonNode rows = json("/tlsparser/api/data" + query);
      assertThat(rows.isArray()).isTrue();
      assertThat(rows.size()).as(query).isGreaterThanOrEqualTo(3);
      LIST_COLUMNS.forEach(
          (field, number) -> {
            List<JsonNode> column = column(rows, field);
            assertThat(column).as("$[*]." + field).hasSize(rows.size());
            assertThat(column)
                .as("$[*]." + field)
                .allSatisfy(
                    v -> assertThat(number ? v.isIntegralNumber() : v.isTextual()).isTrue());
          });
      assertThat(column(rows, "id"))
          .allSatisfy(id -> assertThat(id.asText()).matches("[0-9a-f]{16}"))
          .doesNotHaveDuplicates();
    }
  }

  @Test
  void details_ofEveryRowsId_haveEveryFieldTheDashboardReads() throws IOException {
    JsonNode rows = json("/tlsparser/api/data");
    int withCertificate = 0;
    for (JsonNode id : column(rows, "id")) {
      JsonNode details = json("/tlsparser/api/data/" + id.asText());
      assertThat(details.get("id")).isEqualTo(id);
      for (String path : DETAIL_STRINGS) {
        assertThat(at(details, path).isTextual()).as(path).isTrue();
      }
      for (String path : DETAIL_LISTS) {
        assertThat(at(details, path).isArray()).as(path).isTrue();
        assertThat(at(details, path)).as(path).allSatisfy(v -> assertThat(v.isTextual()).isTrue());
      }
      for (String path : DETAIL_TIMES) {
        // Go's time.Time in JSON: RFC 3339; the zero time when there is no certificate.
        assertThat(Instant.parse(at(details, path).asText())).isNotNull();
      }
      if (!at(details, "certificate.serverChain").asText().isEmpty()) {
        withCertificate++;
        assertThat(Instant.parse(at(details, "certificate.notAfter").asText()))
            .isAfter(Instant.parse(at(details, "certificate.notBefore").asText()));
      }
    }
    assertThat(withCertificate).isPositive().isLessThan(rows.size());
  }

  @Test
  void details_ofAnUnknownId_isA404WithAMessage() throws IOException {
    HttpResponse<byte[]> response =
        ApiFixtures.get(API.server(), "/tlsparser/api/data/0000000000000000");
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(Json.mapper().readTree(response.body()).get("error").asText())
        .contains("no TLS connection");
  }

  private static JsonNode json(String pathAndQuery) throws IOException {
    HttpResponse<byte[]> response = ApiFixtures.get(API.server(), pathAndQuery);
    assertThat(response.statusCode()).as(pathAndQuery).isEqualTo(200);
    return Json.mapper().readTree(response.body());
  }

  /** {@code $[*].field}: the values present, in row order (a missing one is simply absent). */
  private static List<JsonNode> column(JsonNode rows, String field) {
    List<JsonNode> out = new ArrayList<>();
    rows.forEach(
        row -> {
          if (row.has(field) && !row.get(field).isNull()) {
            out.add(row.get(field));
          }
        });
    return out;
  }

  private static JsonNode at(JsonNode node, String dottedPath) {
    return node.at("/" + dottedPath.replace('.', '/'));
  }
}
