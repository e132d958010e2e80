package io.wadns.secondary;

import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.testing.TestZones;
import io.wadns.zone.Zone;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

/** RFC 9432 §4.2: what a version 2 catalog lists, and what it leaves out. */
class CatalogMembersTest {
  static Zone catalog(String lines) {
    return TestZones.parseAllowingWarnings("catalog.invalid.zone", """
        $ORIGIN catalog.invalid.
        $TTL 0
        @ SOA invalid. invalid. 1 3600 600 2147483646 0
        @ NS invalid.
        """ + lines).zones().get(0);
  }

  @Test
  void eachIdUnderZonesWithOnePtrIsAMember() {
    CatalogMembers m = CatalogMembers.of(catalog("""
        version TXT "2"
        a.zones PTR example.com.
        b.zones PTR example.net.
        self.zones PTR catalog.invalid.
        again.zones PTR example.com.
        group.a.zones TXT "ignored"
        """));
    assertThat(m.usable()).isTrue();
    assertThat(m.members()).containsExactly(Name.fromConstantString("example.com."),
        Name.fromConstantString("example.net."));
    assertThat(m.memberIds()).containsEntry(Name.fromConstantString("example.com."),
        Name.fromConstantString("a.zones.catalog.invalid."));
    assertThat(m.problems()).hasSize(2).anyMatch(p -> p.contains("lists itself")).anyMatch(p -> p.contains("twice"));
  }

  @Test
  void aMemberIdOrCooWithTwoPtrRecordsMakesTheCatalogBroken() {
    // RFC 9432 §4.2, §4.4.1: more than one record in the RRset denotes a broken catalog zone, not processed
    CatalogMembers m = CatalogMembers.of(catalog("""
        version TXT "2"
        a.zones PTR example.com.
        two.zones PTR example.org.
        two.zones PTR example.info.
        """));
    assertThat(m.usable()).isFalse();
    assertThat(m.members()).isEmpty();
    assertThat(m.problems()).singleElement().asString().contains("is broken").contains("2 PTR records")
        .contains("the members of the version before are kept");
    CatalogMembers coo = CatalogMembers.of(catalog("""
        version TXT "2"
        a.zones PTR example.com.
        coo.a.zones PTR one.invalid.
        coo.a.zones PTR two.invalid.
        """));
    assertThat(coo.usable()).isFalse();
    CatalogMembers oneCoo = CatalogMembers.of(catalog("""
        version TXT "2"
        a.zones PTR example.com.
        coo.a.zones PTR one.invalid.
        """));
    assertThat(oneCoo.usable()).isTrue();
    assertThat(oneCoo.members()).containsExactly(Name.fromConstantString("example.com."));
  }

  @Test
  void aCatalogWithoutVersionTwoIsNotInterpreted() {
    assertThat(CatalogMembers.of(catalog("a.zones PTR example.com.\n")).usable()).isFalse();
    assertThat(CatalogMembers.of(catalog("version TXT \"1\"\na.zones PTR example.com.\n")).usable()).isFalse();
  }

  @Test
  void aCatalogIsCutAtTenThousandMembersAndItsProblemsAtTwenty() {
    StringBuilder lines = new StringBuilder("version TXT \"2\"\n");
    for (int i = 0; i < CatalogMembers.MAX_MEMBERS + 5; i++) {
      lines.append("m").append(i).append(".zones PTR z").append(i).append(".example.\n");
    }
    for (int i = 0; i < 50; i++) {
      lines.append("d").append(i).append(".zones PTR z0.example.\n"); // listed twice: a problem each
    }
    CatalogMembers m = CatalogMembers.of(catalog(lines.toString()));
    assertThat(CatalogMembers.MAX_MEMBERS).isEqualTo(10_000);
    assertThat(m.members()).hasSize(CatalogMembers.MAX_MEMBERS);
    assertThat(m.problems()).hasSizeLessThanOrEqualTo(CatalogMembers.MAX_PROBLEMS + 1);
  }
}
