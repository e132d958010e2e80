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
 * {@link #registerJvmMetrics()} adds them.
 * A metric whose collector throws is left out of the scrape and logged (at most once a minute per
 * metric); the others are still served.
 */
public final class MetricsRegistry {
  private final PrometheusRegistry registry;
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

  public MetricsRegistry() {
    this(System::nanoTime);
  }

  /** @param nanoTime the clock that spaces out the log lines of a failing metric */
  MetricsRegistry(LongSupplier nanoTime) {
    registry = new FailSafeRegistry(nanoTime);
  }

  /**
   * Adds the JVM's own metrics (memory, GC, threads, class loading, process). Separate from the
   * constructor so that serve registers them once it listens: they load the JVM's management beans,
   * a few hundred milliseconds of a start on a busy CPU that the first answer need not wait for.
   */
  public void registerJvmMetrics() {
    JvmMetrics.builder().register(registry);
  }

  public PrometheusRegistry prometheus() {
    return registry;
  }

  public String contentType() {
    return writer.getContentType();
  }

  /** Everything registered, in the Prometheus text exposition format (version 0.0.4). */
  public byte[] scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
    try {
      writer.write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
