package io.wadns.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.wadns.testing.LogCapture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A scrape survives a broken metric: the others are served, and the failure is logged, not repeated. */
class MetricsRegistryTest {
  @RegisterExtension final LogCapture log = LogCapture.of("io.wadns.metrics");

  @Test
  void aCollectorThatThrowsIsLeftOutAndTheOthersAreServed() {
    MetricsRegistry metrics = new MetricsRegistry();
    metrics.registerJvmMetrics();
    Counter.builder().name("wadns_fine_total").help("a metric that works").register(metrics.prometheus()).inc();
    GaugeWithCallback.builder().name("wadns_broken").help("a metric whose callback throws")
        .callback(cb -> {
          throw new IllegalStateException("state went away");
        }).register(metrics.prometheus());

    String first = new String(metrics.scrape(), StandardCharsets.UTF_8);
    String second = new String(metrics.scrape(), StandardCharsets.UTF_8);

    for (String text : new String[] {first, second}) {
      assertThat(text).contains("wadns_fine_total 1.0").contains("jvm_memory_used_bytes")
          .doesNotContain("wadns_broken");
    }
    assertThat(log.messages(Level.WARN)).as("logged once, not once per scrape").hasSize(1);
    assertThat(log.messages(Level.WARN).get(0)).contains("wadns_broken").contains("state went away");
  }

  @Test
  void theJvmMetricsAskedForAtTheFirstScrapeAreRegisteredByItAndOnlyOnce() {
    MetricsRegistry metrics = new MetricsRegistry();
    metrics.registerJvmMetricsAtFirstScrape();
    assertThat(metrics.prometheus().scrape().stream().map(m -> m.getMetadata().getPrometheusName()))
        .as("nothing registered before the first scrape").doesNotContain("jvm_memory_used_bytes");

    String first = new String(metrics.scrape(), StandardCharsets.UTF_8);
    String second = new String(metrics.scrape(), StandardCharsets.UTF_8);
    metrics.registerJvmMetrics();
    String third = new String(metrics.scrape(), StandardCharsets.UTF_8);

    for (String text : new String[] {first, second, third}) {
      assertThat(text).contains("jvm_memory_used_bytes").contains("jvm_gc_collection_seconds");
      assertThat(text.split("\n# TYPE jvm_memory_used_bytes ", -1)).as("registered once").hasSize(2);
    }
    assertThat(log.messages(Level.WARN)).isEmpty();
  }

  @Test
  void aRegistryNotAskedForJvmMetricsHasNone() {
    MetricsRegistry metrics = new MetricsRegistry();
    Counter.builder().name("wadns_fine_total").help("a metric that works").register(metrics.prometheus()).inc();

    assertThat(new String(metrics.scrape(), StandardCharsets.UTF_8)).contains("wadns_fine_total 1.0")
        .doesNotContain("jvm_");
  }

  @Test
  void aMetricThatKeepsFailingIsLoggedAgainAfterAMinuteWithHowOftenItFailedMeanwhile() {
    AtomicLong now = new AtomicLong();
    MetricsRegistry metrics = new MetricsRegistry(now::get);
    GaugeWithCallback.builder().name("wadns_broken").help("a metric whose callback throws")
        .callback(cb -> {
          throw new IllegalStateException("state went away");
        }).register(metrics.prometheus());

    for (int i = 0; i < 4; i++) {
      metrics.scrape();
      now.addAndGet(Duration.ofSeconds(15).toNanos());
    }
    assertThat(log.messages(Level.WARN)).hasSize(1);
    metrics.scrape(); // a minute after the first
    assertThat(log.messages(Level.WARN)).hasSize(2);
    assertThat(log.messages(Level.WARN).get(1)).contains("and 3 times since the last report");
  }
}
