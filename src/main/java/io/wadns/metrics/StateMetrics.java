package io.wadns.metrics;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.wadns.health.AddressHealth;
import io.wadns.health.HealthRegistry;
import io.wadns.text.AddressText;
import io.wadns.weighted.AddressGroup;
import io.wadns.weighted.AliasChoice;
import io.wadns.zone.Node;
import io.wadns.zone.Zone;
import io.wadns.zone.ZoneSet;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.xbill.DNS.Type;

/**
 * Metrics read from the server's state at scrape time, never on the query path: zones (serial,
 * records), the weighted split (answers per alias target) and the health of checked addresses.
 */
public final class StateMetrics {
  private StateMetrics() {}

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
                AliasChoice choice = owner.alias(type);
                if (choice == null) {
                  continue;
                }
                answersByTarget(choice).forEach((target, answers) -> cb.call(answers, z.origin().toString(),
                    owner.name().toString(), Type.string(type), target.id(), target.group()));
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

  /**
   * The answers of one alias choice per series: per alias id and group. Two paths of a tree can end
   * in the same group under the same id (a shared backup pool: {@code www ALIAS 1 a},
   * {@code www ALIAS 1 pool}, {@code a ALIAS 1 pool}); a series is one label set, so such leaves are
   * added up. Each path has a leaf of its own and an answer counts in the one leaf it was picked
   * from, so the sum counts every answer served from the group once and only grows, as a counter
   * must; taking one leaf would hide the answers of the other path. A leaf reached twice (the same
   * instance) counts once.
   */
  static Map<Target, Long> answersByTarget(AliasChoice choice) {
    Map<Target, Long> answers = new LinkedHashMap<>();
    Set<AddressGroup> counted = Collections.newSetFromMap(new IdentityHashMap<>());
    for (AddressGroup g : choice.leaves()) {
      if (counted.add(g)) {
        answers.merge(new Target(g.id(), g.source().toString()), g.answers(), Long::sum);
      }
    }
    return answers;
  }

  /** The labels that tell the series of one alias choice apart: the alias id and the group's name. */
  record Target(String id, String group) {}
}
