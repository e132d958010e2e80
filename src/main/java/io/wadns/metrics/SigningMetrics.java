package io.wadns.metrics;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.wadns.dnssec.KeyState;
import io.wadns.dnssec.ZoneKey;
import io.wadns.dnssec.ZoneSigning;
import java.time.Clock;

/**
 * DNSSEC signing, read from {@link ZoneSigning} at scrape time: signatures made, time spent and each key's
 * state (the earliest signature expiry per zone is {@link StateMetrics}'). Never key material.
 */
public final class SigningMetrics {
  private SigningMetrics() {}

  public static void register(PrometheusRegistry registry, ZoneSigning signing, Clock clock) {
    CounterWithCallback.builder().name("wadns_dnssec_signatures")
        .help("RRSIGs made since start for zone versions (new versions, and versions signed again as their"
            + " signatures near expiry or their keys change)")
        .callback(cb -> cb.call(signing.signaturesMade())).register(registry);
    CounterWithCallback.builder().name("wadns_dnssec_signing_seconds")
        .help("Wall-clock seconds spent signing zone versions since start (on every core at once)")
        .callback(cb -> cb.call(signing.signingSeconds())).register(registry);
    GaugeWithCallback.builder().name("wadns_dnssec_key_state")
        .help("1 for each key of each zone in its current state (unpublished, published, active, retired,"
            + " removed), from its timing metadata")
        .labelNames("zone", "key", "role", "state")
        .callback(cb -> signing.keys().forEach((zone, keys) -> {
          for (ZoneKey k : keys.keys()) {
            KeyState state = k.stateAt(clock.instant());
            cb.call(1, zone.toString(), Integer.toString(k.tag()), k.isSep() ? "ksk" : "zsk",
                state.name().toLowerCase(java.util.Locale.ROOT));
          }
        })).register(registry);
  }
}
