package dev.tcpmap.server.cli;

import dev.tcpmap.aggregate.AggregateSettings;
import dev.tcpmap.api.ApiSettings;
import dev.tcpmap.api.metrics.MetricsSettings;
import dev.tcpmap.api.metrics.PrometheusSettings;
import dev.tcpmap.capture.track.TrackerSettings;
import dev.tcpmap.capture.track.UdpSettings;
import dev.tcpmap.core.config.ConfigArea;
import dev.tcpmap.ebpf.TracerSettings;
import dev.tcpmap.enrich.NamesSettings;
import dev.tcpmap.enrich.probe.ProbeSettings;
import dev.tcpmap.kubernetes.KubernetesSettings;
import dev.tcpmap.kubernetes.TargetSettings;
import dev.tcpmap.packet.CaptureSettings;
import dev.tcpmap.store.StoreSettings;
import java.util.List;

/**
 * Every area's keys, composed: the one table docs/configuration.md lists, that the environment
 * variables are checked against and the command-line options are made from. Each area declares and
 * checks its own keys beside the code that uses them.
 */
public final class ConfigTable {
  /** The areas, in the order the docs list them. */
  public static final List<ConfigArea<?>> AREAS =
      List.of(
          ApiSettings.AREA,
          AggregateSettings.AREA,
          TrackerSettings.AREA,
          UdpSettings.AREA,
          TracerSettings.AREA,
          StoreSettings.AREA,
          CaptureSettings.AREA,
          KubernetesSettings.AREA,
          TargetSettings.AREA,
          ProbeSettings.AREA,
          NamesSettings.AREA,
          MetricsSettings.AREA,
          PrometheusSettings.AREA,
          LogSettings.AREA);

  private ConfigTable() {}
}
