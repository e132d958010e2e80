package io.wadns.metrics;

import io.prometheus.metrics.model.registry.MetricType;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusScrapeRequest;
import io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/** As {@link FailSafeCollector}, for a collector of several metrics: on failure all of them are left out. */
// Every accessor is passed on, the deprecated ones too: the registry of client 1.10 still reads some
// of them (the name, to filter a scrape), and a collector may answer only those.
@SuppressWarnings("deprecation")
final class FailSafeMultiCollector implements MultiCollector {
  private static final MetricSnapshots NONE = new MetricSnapshots();

  private final MultiCollector collector;
  private final ScrapeFailureLog failures;

  FailSafeMultiCollector(MultiCollector collector, LongSupplier nanoTime) {
    this.collector = collector;
    List<String> names = collector.getPrometheusNames();
    this.failures = new ScrapeFailureLog(names.isEmpty() ? collector.getClass().getName() : String.join(", ", names),
        nanoTime);
  }

  @Override
  public MetricSnapshots collect() {
    try {
      return collector.collect();
    } catch (RuntimeException e) {
      failures.failed(e);
      return NONE;
    }
  }

  @Override
  public MetricSnapshots collect(PrometheusScrapeRequest request) {
    try {
      return collector.collect(request);
    } catch (RuntimeException e) {
      failures.failed(e);
      return NONE;
    }
  }

  @Override
  public MetricSnapshots collect(Predicate<String> includedNames) {
    try {
      return collector.collect(includedNames);
    } catch (RuntimeException e) {
      failures.failed(e);
      return NONE;
    }
  }

  @Override
  public MetricSnapshots collect(Predicate<String> includedNames, PrometheusScrapeRequest request) {
    try {
      return collector.collect(includedNames, request);
    } catch (RuntimeException e) {
      failures.failed(e);
      return NONE;
    }
  }

  @Override
  public List<MetricFamilyDescriptor> getMetricFamilyDescriptors() {
    return collector.getMetricFamilyDescriptors();
  }

  @Override
  public List<String> getPrometheusNames() {
    return collector.getPrometheusNames();
  }

  @Override
  public MetricType getMetricType(String prometheusName) {
    return collector.getMetricType(prometheusName);
  }

  @Override
  public Set<String> getLabelNames(String prometheusName) {
    return collector.getLabelNames(prometheusName);
  }

  @Override
  public MetricMetadata getMetadata(String prometheusName) {
    return collector.getMetadata(prometheusName);
  }
}
