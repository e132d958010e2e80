package io.wadns.metrics;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.wadns.reload.ReloadStats;

/** Reload outcomes, read from {@link ReloadStats} at scrape time. */
public final class ReloadMetrics {
  private ReloadMetrics() {}

  public static void register(PrometheusRegistry registry, ReloadStats stats) {
    CounterWithCallback.builder().name("wadns_reloads")
        .help("Reloads, by result: success when every zone file loaded, failure when one kept its old version")
        .labelNames("result")
        .callback(cb -> {
          cb.call(stats.successes(), "success");
          cb.call(stats.failures(), "failure");
        }).register(registry);
    GaugeWithCallback.builder().name("wadns_zone_file_failing")
        .help("1 for each zone file whose latest load failed (its old version, if any, is still served)")
        .labelNames("file")
        .callback(cb -> stats.lastErrors().keySet().forEach(file -> cb.call(1, file)))
        .register(registry);
  }
}
