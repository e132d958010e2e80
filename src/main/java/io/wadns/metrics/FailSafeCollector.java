package io.wadns.metrics;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.MetricType;
import io.prometheus.metrics.model.registry.PrometheusScrapeRequest;
import io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * A collector whose failure costs its own metric only: an exception from its callback (a bug, or
 * state that broke an invariant such as two series with one label set) is logged and the metric
 * left out of this scrape, where it would otherwise fail the whole scrape. Everything else is the
 * wrapped collector's.
 */
// Every accessor is passed on, the deprecated ones too: the registry of client 1.10 still reads some
// of them (the name, to filter a scrape), and a collector may answer only those.
@SuppressWarnings("deprecation")
final class FailSafeCollector implements Collector {
  private final Collector collector;
  private final ScrapeFailureLog failures;

  FailSafeCollector(Collector collector, LongSupplier nanoTime) {
    this.collector = collector;
    String name = collector.getPrometheusName();
    this.failures = new ScrapeFailureLog(name != null ? name : collector.getClass().getName(), nanoTime);
  }

  @Override
  public MetricSnapshot collect() {
    try {
      return collector.collect();
    } catch (RuntimeException e) {
      failures.failed(e);
      return null; // the registry skips a collector that has nothing to say
    }
  }

  @Override
  public MetricSnapshot collect(PrometheusScrapeRequest request) {
    try {
      return collector.collect(request);
    } catch (RuntimeException e) {
      failures.failed(e);
      return null;
    }
  }

  @Override
  public MetricSnapshot collect(Predicate<String> includedNames) {
    try {
      return collector.collect(includedNames);
    } catch (RuntimeException e) {
      failures.failed(e);
      return null;
    }
  }

  @Override
  public MetricSnapshot collect(Predicate<String> includedNames, PrometheusScrapeRequest request) {
    try {
      return collector.collect(includedNames, request);
    } catch (RuntimeException e) {
      failures.failed(e);
      return null;
    }
  }

  @Override
  public MetricFamilyDescriptor getMetricFamilyDescriptor() {
    return collector.getMetricFamilyDescriptor();
  }

  @Override
  public String getPrometheusName() {
    return collector.getPrometheusName();
  }

  @Override
  public MetricType getMetricType() {
    return collector.getMetricType();
  }

  @Override
  public Set<String> getLabelNames() {
    return collector.getLabelNames();
  }

  @Override
  public MetricMetadata getMetadata() {
    return collector.getMetadata();
  }
}
