package io.wadns.transfer;

import io.wadns.text.AddressPrefix;
import static io.wadns.transfer.TransferTesting.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.testing.TestZones;
import io.wadns.zone.Zone;
import io.wadns.zone.ZoneSet;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** The catalog zone of the primary zones (RFC 9432 version 2), kept current on every load. */
class CatalogZoneTest {
  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_800_000_000L), ZoneOffset.UTC);

  private static Zone other(String origin) {
    return TestZones.parse(origin + "zone", TestZones.HEAD.replace("example.com.", origin)).zones().get(0);
  }

  private static Set<String> records(Zone z) {
    Set<String> out = new TreeSet<>();
    for (Record r : answers(drain(TransferTesting.transfers(z, new TransferAcl(List.of(new TransferAcl.Rule(
        new AddressPrefix(LOOPBACK.getAddress(), 0), null)))).answer(request(z.origin().toString(), Type.AXFR)
        .toWire(), LOOPBACK)))) {
      out.add(r.toString().replace('\t', ' ').replaceAll(" +", " "));
    }
    return out;
  }

  @Test
  void theCatalogListsEveryZoneUnderAStableIdWithTheVersionAndApex() {
    CatalogZone catalog = new CatalogZone(name("catalog.invalid."), CLOCK);
    Zone z = catalog.of(List.of(zone(1, 0, ""), other("example.net.")));
    assertThat(z.origin()).isEqualTo(name("catalog.invalid."));
    assertThat(z.serial()).isEqualTo(1_800_000_000L);
    String com = CatalogZone.id(name("example.com."));
    assertThat(com).hasSize(16).isEqualTo(CatalogZone.id(name("EXAMPLE.com.")));
    assertThat(records(z)).containsExactlyInAnyOrder(
        "catalog.invalid. 0 IN SOA invalid. invalid. 1800000000 3600 600 2147483646 0",
        "catalog.invalid. 0 IN NS invalid.",
        "version.catalog.invalid. 0 IN TXT \"2\"",
        com + ".zones.catalog.invalid. 0 IN PTR example.com.",
        CatalogZone.id(name("example.net.")) + ".zones.catalog.invalid. 0 IN PTR example.net.");
  }

  @Test
  void theSerialGrowsWithEveryChangeOfMembersAndOnlyThen() {
    CatalogZone catalog = new CatalogZone(name("catalog.invalid."), CLOCK);
    Zone first = catalog.of(List.of(zone(1, 0, "")));
    assertThat(catalog.of(List.of(zone(2, 0, "")))).isSameAs(first);
    Zone second = catalog.of(List.of(zone(2, 0, ""), other("example.net.")));
    assertThat(second.serial()).isEqualTo(first.serial() + 1);
    Zone third = catalog.of(List.of(other("example.net.")));
    assertThat(third.serial()).isEqualTo(first.serial() + 2);
  }

  @Test
  void thePrimaryAnswersPublishesAndTransfersTheCatalog() {
    Primary primary = new Primary(TransferAcl.NOBODY, List.of(), KEYS, null, 1 << 20, name("catalog.invalid."));
    ZoneSet loaded = new ZoneSet(List.of(zone(1, 0, "")));
    primary.loaded(loaded);
    ZoneSet answered = primary.served(() -> loaded).get();
    assertThat(answered.zones()).extracting(Zone::origin).contains(name("catalog.invalid."), name("example.com."));
    assertThat(primary.served(() -> loaded).get()).isSameAs(answered);
    org.xbill.DNS.Message notAllowed = parse(drain(primary.transfers().answer(request("catalog.invalid.", Type.AXFR).toWire(),
        LOOPBACK)).get(0));
    assertThat(notAllowed.getRcode()).as("published, and refused to a client not allowed").isEqualTo(
        org.xbill.DNS.Rcode.REFUSED);
    primary.close();
  }
}
