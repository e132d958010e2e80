package io.wadns.metrics;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.wadns.dnssec.ForeignSignatures;
import io.wadns.health.AddressHealth;
import io.wadns.health.HealthRegistry;
import io.wadns.text.AddressText;
import io.wadns.weighted.AddressGroup;
import io.wadns.weighted.WeightedName;
import io.wadns.zone.Node;
import io.wadns.zone.Zone;
import io.wadns.zone.ZoneSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.xbill.DNS.Type;

/**
 * Metrics read from the server's state at scrape time, never on the query path: zones (serial,
 * records), the weighted split (answers per alias target) and the health of checked addresses.
 */
public final class StateMetrics {
  private StateMetrics() {}

  /**
   * Whether a zone holds RRSIGs made elsewhere, found once per zone version (a scrape would otherwise walk
   * every RRset of every zone): versions are compared by identity, and forgotten when no longer served.
   */
  private static final class SignedElsewhere {
    private final Map<Zone, Boolean> known = new java.util.WeakHashMap<>();

    synchronized boolean test(Zone zone) {
      return known.computeIfAbsent(zone, ForeignSignatures::servedAsData);
    }
  }

  /**
   * The signatures of {@code served}, every zone the server answers for (zone files, secondary zones and
   * the catalog), signed here or elsewhere: {@code wadns_dnssec_earliest_expiry_seconds} and
   * {@code wadns_zone_signed_elsewhere}.
   */
  public static void registerSignatures(PrometheusRegistry registry, Supplier<ZoneSet> served) {
    GaugeWithCallback.builder().name("wadns_dnssec_earliest_expiry_seconds")
        .help("Unix time at which the first RRSIG of each served signed zone expires; signatures made here are"
            + " made again a quarter of their validity before, those of a zone signed elsewhere only there")
        .labelNames("zone")
        .callback(cb -> {
          for (Zone z : served.get().zones()) {
            if (z.signatures() != null && z.signatures().earliestExpiration() != Long.MAX_VALUE) {
              cb.call(z.signatures().earliestExpiration(), z.origin().toString());
            }
          }
        }).register(registry);
    SignedElsewhere signedElsewhere = new SignedElsewhere();
    GaugeWithCallback.builder().name("wadns_zone_signed_elsewhere")
        .help("1 for each zone served unsigned though it holds RRSIG records made elsewhere, which cannot be"
            + " served as its signatures: validators fail it if its parent has a DS (docs/dnssec.md)")
        .labelNames("zone")
        .callback(cb -> {
          for (Zone z : served.get().zones()) {
            if (signedElsewhere.test(z)) {
              cb.call(1, z.origin().toString());
            }
          }
        }).register(registry);
  }

  public static void register(PrometheusRegistry registry, Supplier<ZoneSet> zones, HealthRegistry health) {
    GaugeWithCallback.builder().name("wadns_zone_serial").help("SOA serial of each served zone")
        .labelNames("zone")
        .callback(cb -> {
          for (Zone z : zones.get().zones()) {
            cb.call(z.serial(), z.origin().toString());
          }
        }).register(registry);
    GaugeWithCallback.builder().name("wadns_zone_records").help("Records in each served zone, as written")
        .labelNames("zone")
        .callback(cb -> {
          for (Zone z : zones.get().zones()) {
            cb.call(z.recordCount(), z.origin().toString());
          }
        }).register(registry);
    GaugeWithCallback.builder().name("wadns_zone_servfail")
        .help("1 for each zone answered with SERVFAIL because its file failed to load and no older version exists")
        .labelNames("zone")
        .callback(cb -> {
          for (var origin : zones.get().failed()) {
            cb.call(1, origin.toString());
          }
        }).register(registry);
    CounterWithCallback.builder().name("wadns_alias_answers")
        .help("Answers served from each alias target since its zone was loaded: the live weighted split")
        .labelNames("zone", "name", "type", "target", "group")
        .callback(cb -> {
          for (Zone z : zones.get().zones()) {
            for (Node owner : z.aliasOwners()) {
              for (int type : new int[] {Type.A, Type.AAAA}) {
                WeightedName weighted = owner.alias(type);
                if (weighted == null) {
                  continue;
                }
                // One time series per target and group: a group reached through two paths with
                // different max= is two leaves, but one series (their answers summed).
                Map<List<String>, Long> series = new LinkedHashMap<>();
                List<AddressGroup> leaves = weighted.leaves();
                for (int i = 0; i < leaves.size(); i++) {
                  AddressGroup g = leaves.get(i);
                  series.merge(List.of(g.id(), g.source().toString()), weighted.answers(i), Long::sum);
                }
                series.forEach((labels, answers) -> cb.call(answers, z.origin().toString(), owner.name().toString(),
                    Type.string(type), labels.get(0), labels.get(1)));
              }
            }
          }
        }).register(registry);
    GaugeWithCallback.builder().name("wadns_health_up")
        .help("1 while a health-checked address is up, 0 while it is down")
        .labelNames("group", "address")
        .callback(cb -> {
          for (AddressHealth a : health.all()) {
            cb.call(a.isUp() ? 1 : 0, a.group().toString(), AddressText.of(a.address()));
          }
        }).register(registry);
  }
}
