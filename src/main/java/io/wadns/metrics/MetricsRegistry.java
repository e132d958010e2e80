package io.wadns.metrics;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.LongSupplier;

/**
 * The registry behind {@code GET /metrics}, in Prometheus text format, with the JVM's own metrics once
 * {@link #registerJvmMetrics()} adds them, or from the first scrape on
 * ({@link #registerJvmMetricsAtFirstScrape()}).
 * A metric whose collector throws is left out of the scrape and logged (at most once a minute per
 * metric); the others are still served.
 */
public final class MetricsRegistry {
  private final PrometheusRegistry registry;
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
  private volatile boolean jvmMetricsWanted;
  private boolean jvmMetricsRegistered;

  public MetricsRegistry() {
    this(System::nanoTime);
  }

  /** @param nanoTime the clock that spaces out the log lines of a failing metric */
  MetricsRegistry(LongSupplier nanoTime) {
    registry = new FailSafeRegistry(nanoTime);
  }

  /**
   * Adds the JVM's own metrics (memory, GC, threads, class loading, process), once however often it is
   * called. They load the JVM's management beans: 0.18-0.21 s of a start of 10,000 zones on one CPU, spent
   * while the first queries wait for that CPU (docs/performance.md).
   */
  public synchronized void registerJvmMetrics() {
    if (!jvmMetricsRegistered) {
      JvmMetrics.builder().register(registry);
      jvmMetricsRegistered = true;
    }
  }

  /**
   * Has the first {@link #scrape()} add the JVM's own metrics, so that a start does not spend its CPU on
   * them and a server nobody scrapes never does. The bytes allocated per memory pool are counted from the
   * first collection after that scrape on (the first count includes what each pool held then); the other
   * counters (collections, compilation, classes, process CPU) are the JVM's totals since it started.
   */
  public void registerJvmMetricsAtFirstScrape() {
    jvmMetricsWanted = true;
  }

  public PrometheusRegistry prometheus() {
    return registry;
  }

  public String contentType() {
    return writer.getContentType();
  }

  /** Everything registered, in the Prometheus text exposition format (version 0.0.4). */
  public byte[] scrape() {
    if (jvmMetricsWanted) {
      registerJvmMetrics();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
    try {
      writer.write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
