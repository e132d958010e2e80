package io.wadns.metrics;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.wadns.health.ProbeStats;

/**
 * The health prober's work and how far the probe budget makes it run behind, read from {@link ProbeStats} at
 * scrape time: probes by result, probes started late, probes in flight, and the current delay.
 */
public final class ProbeMetrics {
  private ProbeMetrics() {}

  public static void register(PrometheusRegistry registry, ProbeStats stats) {
    CounterWithCallback.builder().name("wadns_health_probes")
        .help("Health probes finished, by result: success, or failure (refused, timed out, unexpected status)")
        .labelNames("result")
        .callback(cb -> {
          cb.call(stats.successes(), "success");
          cb.call(stats.failures(), "failure");
        }).register(registry);
    CounterWithCallback.builder().name("wadns_health_probes_late")
        .help("Health probes that started late because the probe budget held them back past their due time")
        .callback(cb -> cb.call(stats.late())).register(registry);
    GaugeWithCallback.builder().name("wadns_health_probes_in_flight")
        .help("Health probes started and not finished")
        .callback(cb -> cb.call(stats.inFlight())).register(registry);
    GaugeWithCallback.builder().name("wadns_health_probe_delay_seconds")
        .help("How long the most overdue health probe has waited past its due time; 0 while probes run on time")
        .callback(cb -> cb.call(stats.delaySeconds())).register(registry);
  }
}
