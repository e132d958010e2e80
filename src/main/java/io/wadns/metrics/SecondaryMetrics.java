package io.wadns.metrics;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.wadns.secondary.SecondaryZoneState;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The secondary side of zone transfer, per zone, read at scrape time: the serial held, whether it is
 * served or expired, the last successful refresh, failed refreshes, transfers in (AXFR, IXFR) with
 * their bytes and time, checks that found the zone current, and NOTIFY messages accepted and refused.
 */
public final class SecondaryMetrics {
  private SecondaryMetrics() {}

  public static void register(PrometheusRegistry registry, Supplier<List<SecondaryZoneState>> zones,
      LongSupplier notifiesRefused) {
    GaugeWithCallback.builder().name("wadns_secondary_serial")
        .help("SOA serial of each secondary zone held (-1: none yet)")
        .labelNames("zone")
        .callback(cb -> zones.get().forEach(z -> cb.call(z.serial(), z.zone()))).register(registry);
    GaugeWithCallback.builder().name("wadns_secondary_expired")
        .help("1 when a secondary zone has had no successful refresh for its SOA expire time: answered SERVFAIL")
        .labelNames("zone")
        .callback(cb -> zones.get().forEach(z -> cb.call(z.expired() ? 1 : 0, z.zone()))).register(registry);
    GaugeWithCallback.builder().name("wadns_secondary_served")
        .help("1 when a secondary zone is answered from (held, not expired, not hidden by a zone file)")
        .labelNames("zone")
        .callback(cb -> zones.get().forEach(z -> cb.call(z.served() ? 1 : 0, z.zone()))).register(registry);
    GaugeWithCallback.builder().name("wadns_secondary_catalog_member")
        .help("1 for each secondary zone followed as a member of a catalog zone (RFC 9432)")
        .labelNames("zone", "catalog")
        .callback(cb -> zones.get().stream().filter(z -> !z.catalog().isEmpty())
            .forEach(z -> cb.call(1, z.zone(), z.catalog()))).register(registry);
    GaugeWithCallback.builder().name("wadns_secondary_last_refresh_timestamp_seconds")
        .help("When a secondary zone was last refreshed with success (a primary answered), in seconds since 1970;"
            + " 0: never")
        .labelNames("zone")
        .callback(cb -> zones.get().forEach(z -> cb.call(z.refreshed(), z.zone()))).register(registry);
    CounterWithCallback.builder().name("wadns_secondary_refresh_failures")
        .help("Refreshes of a secondary zone that failed at every primary")
        .labelNames("zone")
        .callback(cb -> zones.get().forEach(z -> cb.call(z.refreshFailures(), z.zone()))).register(registry);
    CounterWithCallback.builder().name("wadns_secondary_up_to_date")
        .help("Refreshes of a secondary zone that found it current")
        .labelNames("zone")
        .callback(cb -> zones.get().forEach(z -> cb.call(z.upToDate(), z.zone()))).register(registry);
    CounterWithCallback.builder().name("wadns_secondary_transfers")
        .help("Transfers that brought a new version of a secondary zone, by type (axfr, ixfr)")
        .labelNames("zone", "type")
        .callback(cb -> zones.get().forEach(z -> {
          cb.call(z.axfr().count(), z.zone(), "axfr");
          cb.call(z.ixfr().count(), z.zone(), "ixfr");
        })).register(registry);
    CounterWithCallback.builder().name("wadns_secondary_transfer_bytes")
        .help("Bytes of the transfers that brought a new version of a secondary zone, TSIG included")
        .labelNames("zone", "type")
        .callback(cb -> zones.get().forEach(z -> {
          cb.call(z.axfr().bytes(), z.zone(), "axfr");
          cb.call(z.ixfr().bytes(), z.zone(), "ixfr");
        })).register(registry);
    CounterWithCallback.builder().name("wadns_secondary_transfer_seconds")
        .help("Time spent on the transfers that brought a new version of a secondary zone, connecting included")
        .labelNames("zone", "type")
        .callback(cb -> zones.get().forEach(z -> {
          cb.call(z.axfr().nanos() / 1e9, z.zone(), "axfr");
          cb.call(z.ixfr().nanos() / 1e9, z.zone(), "ixfr");
        })).register(registry);
    CounterWithCallback.builder().name("wadns_secondary_notify")
        .help("NOTIFY messages accepted from a primary of a secondary zone")
        .labelNames("zone")
        .callback(cb -> zones.get().forEach(z -> cb.call(z.notifies(), z.zone()))).register(registry);
    CounterWithCallback.builder().name("wadns_secondary_notify_refused")
        .help("NOTIFY messages refused: not for a secondary zone, not from one of its primaries, or not signed as"
            + " the zone's key requires")
        .callback(cb -> cb.call(notifiesRefused.getAsLong())).register(registry);
  }
}
