package io.wadns.metrics;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.wadns.transfer.TransferStats;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The primary side of zone transfer, per zone, read at scrape time: the serial published to
 * secondaries, the journal, transfers served (AXFR, IXFR) with their bytes, messages and time,
 * requests refused, and NOTIFY messages sent, acknowledged and given up on.
 */
public final class TransferMetrics {
  private TransferMetrics() {}

  public static void register(PrometheusRegistry registry, TransferStats stats,
      Supplier<List<TransferStats.PublishedZone>> published) {
    GaugeWithCallback.builder().name("wadns_published_serial")
        .help("SOA serial of each primary zone as secondaries get it (behind wadns_zone_serial while a change"
            + " without a greater serial is held back)")
        .labelNames("zone")
        .callback(cb -> published.get().forEach(p -> cb.call(p.serial(), p.zone()))).register(registry);
    GaugeWithCallback.builder().name("wadns_journal_differences")
        .help("Differences the IXFR journal of each primary zone holds")
        .labelNames("zone")
        .callback(cb -> published.get().forEach(p -> cb.call(p.differences(), p.zone()))).register(registry);
    GaugeWithCallback.builder().name("wadns_journal_bytes")
        .help("Bytes the IXFR journal of each primary zone holds")
        .labelNames("zone")
        .callback(cb -> published.get().forEach(p -> cb.call(p.journalBytes(), p.zone()))).register(registry);
    served(registry, "wadns_transfers", "Zone transfers served to the end, by zone and type (axfr, ixfr)", stats,
        TransferStats.Served::transfers);
    served(registry, "wadns_transfer_bytes", "Bytes of the zone transfers served, TSIG included", stats,
        TransferStats.Served::bytes);
    served(registry, "wadns_transfer_messages", "Messages of the zone transfers served", stats,
        TransferStats.Served::messages);
    CounterWithCallback.builder().name("wadns_transfer_seconds")
        .help("Time spent serving zone transfers, from the request to the last message taken by the socket")
        .labelNames("zone", "type")
        .callback(cb -> stats.served().forEach(s -> cb.call(s.nanos() / 1e9, s.zone(), type(s))))
        .register(registry);
    CounterWithCallback.builder().name("wadns_transfers_refused")
        .help("Zone transfer requests refused, by rcode (REFUSED: not allowed; NOTAUTH: not our zone or bad TSIG)")
        .labelNames("rcode")
        .callback(cb -> stats.refused().forEach((rcode, n) -> cb.call(n, rcode))).register(registry);
    CounterWithCallback.builder().name("wadns_notify")
        .help("NOTIFY messages to secondaries: sent (each try), acknowledged, failed (given up on)")
        .labelNames("zone", "target", "result")
        .callback(cb -> stats.notified().forEach(n -> cb.call(n.count(), n.zone(), n.target(),
            n.outcome().name().toLowerCase(Locale.ROOT))))
        .register(registry);
  }

  private interface Field {
    long of(TransferStats.Served s);
  }

  private static void served(PrometheusRegistry registry, String name, String help, TransferStats stats, Field f) {
    CounterWithCallback.builder().name(name).help(help).labelNames("zone", "type")
        .callback(cb -> stats.served().forEach(s -> cb.call(f.of(s), s.zone(), type(s)))).register(registry);
  }

  private static String type(TransferStats.Served s) {
    return s.kind().name().toLowerCase(Locale.ROOT);
  }
}
