package io.wadns.metrics;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A registry in which one failing metric never fails the scrape: every collector registered, ours
 * and the JVM's, is wrapped in a {@link FailSafeCollector} (or {@link FailSafeMultiCollector}).
 * Without this, an exception in any callback propagates out of {@code scrape()} and
 * {@code GET /metrics} loses every metric at once, with nothing in the log. Thread-safe.
 */
final class FailSafeRegistry extends PrometheusRegistry {
  private final LongSupplier nanoTime;
  private final Map<Object, Object> wrappers = new ConcurrentHashMap<>();

  FailSafeRegistry(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  @Override
  public void register(Collector collector) {
    FailSafeCollector wrapper = new FailSafeCollector(collector, nanoTime);
    if (wrappers.putIfAbsent(collector, wrapper) != null) {
      throw new IllegalArgumentException("Collector instance is already registered");
    }
    try {
      super.register(wrapper);
    } catch (RuntimeException e) {
      wrappers.remove(collector);
      throw e;
    }
  }

  @Override
  public void register(MultiCollector collector) {
    FailSafeMultiCollector wrapper = new FailSafeMultiCollector(collector, nanoTime);
    if (wrappers.putIfAbsent(collector, wrapper) != null) {
      throw new IllegalArgumentException("MultiCollector instance is already registered");
    }
    try {
      super.register(wrapper);
    } catch (RuntimeException e) {
      wrappers.remove(collector);
      throw e;
    }
  }

  @Override
  public void unregister(Collector collector) {
    Object wrapper = wrappers.remove(collector);
    super.unregister(wrapper instanceof Collector c ? c : collector);
  }

  @Override
  public void unregister(MultiCollector collector) {
    Object wrapper = wrappers.remove(collector);
    super.unregister(wrapper instanceof MultiCollector c ? c : collector);
  }

  @Override
  public void clear() {
    wrappers.clear();
    super.clear();
  }
}
