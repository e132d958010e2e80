package io.wadns.secondary;

import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.health.HealthKeys;
import io.wadns.weighted.AddressGroup;
import io.wadns.weighted.AliasChoice;
import io.wadns.weighted.AliasTarget;
import io.wadns.weighted.WeightedName;
import io.wadns.zone.RecordTypes;
import io.wadns.zone.Zone;
import io.wadns.zone.ZoneData;
import io.wadns.zonefile.LoadLimits;
import io.wadns.zonefile.ZoneLoader;
import io.wadns.zonefile.ZonePatch;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * A patched version of a zone (the RRsets an incremental transfer touches rewritten, the rest copied) is
 * exactly the version that the whole build from the same differences gives: the same RRsets in the same
 * order, TTLs, configuration records, weighted names (trees, weights, groups, health keys) and record
 * count; a change the patch cannot take is left to the whole build, and a deletion of a record we do not
 * hold is found by both. Checked over random changes to a zone with every kind of name the checks care
 * about (weighted names and trees, a health-checked group, a CNAME, a delegation with glue, the apex).
 */
class ZonePatchTest {
  static final Name ORIGIN = Name.fromConstantString("example.com.");

  static final String ZONE = """
      $ORIGIN example.com.
      $TTL 3600
      @ SOA ns1 hostmaster 1 7200 900 1209600 300
      @ NS ns1
      @ MX 10 h1
      ns1 A 192.0.2.53
      h1 A 10.0.0.1
      h2 A 10.0.0.2
      h3 A 10.0.0.3
      h3 AAAA 2001:db8::3
      t1 TXT "one"
      t2 TXT "two"
      g1 A 10.1.0.1
      g1 A 10.1.0.2
      g2 A 10.2.0.1
      g2 AAAA 2001:db8::21
      hc A 10.3.0.1
      hc A 10.3.0.2
      hc HEALTHCHECK tcp port=80 interval=60
      www ALIAS 1 g1
      www ALIAS 2 g2
      tree ALIAS 1 www
      tree ALIAS 3 hc
      c CNAME h1
      sub NS ns.sub
      ns.sub A 10.9.9.9
      """;

  @TempDir
  Path dir;
  HealthKeys health;
  LoadLimits limits;
  Zone held;

  @BeforeEach
  void load() {
    health = new HealthKeys();
    limits = LoadLimits.confinedTo(dir, List.of());
    ZoneLoader.FileLoad load = ZoneLoader.loadText("example.com.zone", ZONE, dir, health);
    assertThat(load.ok()).as(load.problems().toString()).isTrue();
    held = load.zone();
  }

  /** The outcome of both ways for one incremental transfer. */
  record Both(ZonePatch.Outcome patch, ZoneLoader.FileLoad whole, Record unmatched) {}

  Both both(Zone from, List<Record> deleted, List<Record> added) throws TransferException {
    long serial = from.serial();
    return both(from, new Transferred.Incremental(soa(serial + 1), List.of(
        new Transferred.Difference(soa(serial), deleted, soa(serial + 1), added))));
  }

  Both both(Zone from, Transferred.Incremental inc) throws TransferException {
    WireUpdate u = WireUpdate.of(from, inc);
    ZonePatch.Outcome patch = u.patch(limits);
    ZoneLoader.FileLoad whole = ZoneLoader.loadRecords(dir.resolve("example.com.zone"), u.expectedRecords(),
        u::feed, health, limits);
    return new Both(patch, whole, u.unmatched());
  }

  @Test
  void aWeightChangeIsPatchedAndEqualsTheWholeBuild() throws Exception {
    Both b = both(held, List.of(alias("www", 1, "g1")), List.of(alias("www", 5, "g1")));
    assertThat(b.patch()).isInstanceOf(ZonePatch.Patched.class);
    Zone patched = ((ZonePatch.Patched) b.patch()).zone();
    assertThat(describe(patched)).isEqualTo(describe(b.whole().zone()));
    assertThat(describe(patched)).contains("5:G(g1.example.com.");
    assertThat(patched.serial()).isEqualTo(2);
  }

  @Test
  void addressesOfAGroupChangeTheWeightedNamesThatReachIt() throws Exception {
    Both b = both(held, List.of(a("g1", 3600, 10, 1, 0, 2)), List.of(a("g1", 60, 10, 1, 0, 7)));
    Zone patched = ((ZonePatch.Patched) b.patch()).zone();
    assertThat(describe(patched)).isEqualTo(describe(b.whole().zone()));
    assertThat(describe(patched)).contains("10.1.0.7").doesNotContain("10.1.0.2");
  }

  @Test
  void structuralChangesAreLeftToTheWholeBuild() throws Exception {
    assertNotApplicable(both(held, List.of(), List.of(new NSRecord(n("sub"), DClass.IN, 3600, n("ns2.sub")))));
    assertNotApplicable(both(held, List.of(), List.of(a("new", 3600, 10, 5, 5, 5))));
    assertNotApplicable(both(held, List.of(), List.of(a("hc", 3600, 10, 3, 0, 3))));
    assertNotApplicable(both(held, List.of(), List.of(txt("c", "beside a CNAME"))));
    assertNotApplicable(both(held, List.of(), List.of(a("ns.sub", 3600, 10, 9, 9, 8))));
    assertNotApplicable(both(held, List.of(), List.of(alias("h2", 1, "g1"))));
    assertNotApplicable(both(held, List.of(), List.of(new CNAMERecord(n("h2"), DClass.IN, 3600, n("h1")))));
  }

  @Test
  void aChangeThatBreaksAWeightedNameIsLeftToTheWholeBuildWhichRefusesIt() throws Exception {
    Both b = both(held, List.of(a("g2", 3600, 10, 2, 0, 1), aaaa("g2", "2001:db8::21")), List.of());
    assertNotApplicable(b);
    assertThat(b.whole().ok()).isFalse();
  }

  @Test
  void anAliasTargetBelowADelegationOrMissingIsLeftToTheWholeBuildWhichRefusesIt() throws Exception {
    for (String target : new String[] {"ns.sub", "missing", "c"}) {
      Both b = both(held, List.of(), List.of(alias("www", 1, target)));
      assertNotApplicable(b);
      assertThat(b.whole().ok()).as(target).isFalse();
    }
  }

  @Test
  void aNameLeftWithoutRecordsIsLeftToTheWholeBuildWhichDropsTheName() throws Exception {
    Both b = both(held, List.of(txt("t1", "one")), List.of());
    assertNotApplicable(b);
    assertThat(b.whole().zone().node(n("t1"))).isNull();
  }

  @Test
  void aRecordAddedAgainThenDeletedByALaterDifferenceIsGone() throws Exception {
    Transferred.Incremental inc = new Transferred.Incremental(soa(3), List.of(
        new Transferred.Difference(soa(1), List.of(), soa(2), List.of(a("h1", 60, 10, 0, 0, 1))),
        new Transferred.Difference(soa(2), List.of(a("h1", 60, 10, 0, 0, 1)), soa(3),
            List.of(a("h1", 60, 10, 0, 0, 9)))));
    Both b = both(held, inc);
    Zone patched = ((ZonePatch.Patched) b.patch()).zone();
    assertThat(describe(patched)).isEqualTo(describe(b.whole().zone()));
    assertThat(describe(patched)).doesNotContain("0a000001").contains("0a000009");
  }

  @Test
  void aTtlWithItsTopBitSetIsReadAsZero() throws Exception {
    // dnsjava makes such a record only from the wire, as a transfer brings it.
    byte[] wire = a("h2", 60, 10, 0, 0, 7).toWire(org.xbill.DNS.Section.ANSWER);
    java.nio.ByteBuffer.wrap(wire).putInt(n("h2").length() + 4, (int) 3_000_000_000L);
    Record huge = Record.fromWire(wire, org.xbill.DNS.Section.ANSWER);
    assertThat(huge.getTTL()).isEqualTo(3_000_000_000L);
    Both b = both(held, List.of(), List.of(huge));
    assertNotApplicable(b);
    assertThat(b.whole().zone().node(n("h2")).get(Type.A).ttl()).isZero(); // RFC 2181 §8, §5.2
  }

  @Test
  void aDeletionOfARecordWeDoNotHoldIsFoundByBoth() throws Exception {
    Both b = both(held, List.of(a("h1", 3600, 10, 0, 0, 99)), List.of());
    assertThat(b.patch()).isInstanceOf(ZonePatch.Unmatched.class);
    assertThat(b.unmatched()).isNotNull();
  }

  /** Random changes, applied in a chain: each patched version is the next change's zone held. */
  @Test
  void randomChangesGiveWhatTheWholeBuildGives() throws Exception {
    Random random = new Random(20261130);
    int patched = 0;
    int left = 0;
    Zone zone = held;
    for (int round = 0; round < 400; round++) {
      List<Record> deleted = new ArrayList<>();
      List<Record> added = new ArrayList<>();
      int changes = 1 + random.nextInt(3);
      for (int i = 0; i < changes; i++) {
        change(random, zone, deleted, added);
      }
      Both b;
      try {
        b = both(zone, deleted, added);
      } catch (TransferException e) {
        continue; // a difference that deletes a record twice: refused before either way runs
      }
      String what = "round " + round + ": -" + deleted + " +" + added;
      if (b.patch() instanceof ZonePatch.Patched p) {
        patched++;
        assertThat(b.unmatched()).as(what).isNull();
        assertThat(b.whole().ok()).as(what + " " + b.whole().problems()).isTrue();
        assertThat(describe(p.zone())).as(what).isEqualTo(describe(b.whole().zone()));
        zone = p.zone();
      } else if (b.patch() instanceof ZonePatch.Unmatched) {
        assertThat(b.unmatched()).as(what).isNotNull();
      } else {
        left++;
        if (b.whole().ok() && b.unmatched() == null) {
          zone = b.whole().zone();
        }
      }
    }
    assertThat(patched).as("changes patched").isGreaterThan(150);
    assertThat(left).as("changes left to the whole build").isGreaterThan(20);
  }

  /** Groups, a tree, a health-checked group, glue below a cut, a CNAME, a name that is not there. */
  static final String[] TARGETS = {"g1", "g2", "g1", "g2", "www", "hc", "ns.sub", "c", "missing", "h3"};

  /** One random deletion or addition, of a record held or not, at a name held or not. */
  static void change(Random random, Zone zone, List<Record> deleted, List<Record> added) throws Exception {
    String[] names = {"h1", "h2", "h3", "t1", "t2", "g1", "g2", "hc", "www", "tree", "c", "ns.sub", "new", "@"};
    String name = names[random.nextInt(names.length)];
    Name owner = name.equals("@") ? ORIGIN : n(name);
    List<Record> heldThere = new ArrayList<>();
    ZoneData data = zone.data();
    int node = data.find(owner);
    if (node >= 0) {
      for (int type : data.types(node)) {
        if (type != Type.SOA) {
          heldThere.addAll(data.records(node, type, owner));
        }
      }
    }
    ZoneData conf = zone.configuration();
    int c = conf == null ? -1 : conf.find(owner);
    if (c >= 0) {
      for (int type : conf.types(c)) {
        heldThere.addAll(conf.records(c, type, owner));
      }
    }
    int kind = random.nextInt(10);
    if (kind < 4 && !heldThere.isEmpty()) {
      Record r = heldThere.get(random.nextInt(heldThere.size()));
      deleted.add(r);
      if (random.nextBoolean()) {
        added.add(Record.newRecord(r.getName(), r.getType(), r.getDClass(), 30 + random.nextInt(3600),
            r.rdataToWireCanonical()));
      }
      return;
    }
    int last = 1 + random.nextInt(4);
    switch (kind) {
      case 4, 5 -> added.add(a(name, 60 + random.nextInt(4000), 10, 7, 0, last));
      case 6 -> added.add(txt(name, "t" + last));
      case 7 -> added.add(new MXRecord(owner, DClass.IN, 3600, last, n("h" + last)));
      case 8 -> added.add(alias(name, random.nextInt(4), TARGETS[random.nextInt(TARGETS.length)]));
      default -> added.add(aaaa(name, "2001:db8::7" + last));
    }
  }

  void assertNotApplicable(Both b) {
    assertThat(b.patch()).isInstanceOf(ZonePatch.NotApplicable.class);
  }

  // ---- a zone, described

  /** Every RRset (order of records kept), configuration RRset, weighted name and the record count. */
  static String describe(Zone zone) {
    Map<String, String> out = new TreeMap<>();
    sets(zone, zone.data(), "", out);
    if (zone.configuration() != null) {
      sets(zone, zone.configuration(), "configuration ", out);
    }
    zone.aliasesByNode().forEach((node, weighted) -> {
      StringBuilder s = new StringBuilder();
      for (WeightedName w : weighted) {
        s.append(w == null ? "-" : target(w.root())).append(' ');
      }
      out.put("weighted " + zone.data().name(node).toString().toLowerCase(), s.toString());
    });
    java.util.Set<String> names = new java.util.TreeSet<>();
    for (int n = 0; n < zone.data().nodeCount(); n++) {
      names.add(zone.data().name(n).toString().toLowerCase() + (zone.data().types(n).length == 0 ? " (no data)" : ""));
    }
    out.put("names", names.toString());
    out.put("records", String.valueOf(zone.recordCount()));
    out.put("serial", String.valueOf(zone.serial()));
    StringBuilder s = new StringBuilder();
    out.forEach((k, v) -> s.append(k).append(" = ").append(v).append('\n'));
    return s.toString();
  }

  private static void sets(Zone zone, ZoneData data, String prefix, Map<String, String> out) {
    for (int n = 0; n < data.nodeCount(); n++) {
      Name owner = data.name(n);
      for (int type : data.types(n)) {
        StringBuilder s = new StringBuilder();
        for (Record r : data.records(n, type, owner)) {
          s.append(r.getTTL()).append(':').append(HexFormat.of().formatHex(r.rdataToWireCanonical())).append(' ');
        }
        if (prefix.isEmpty()) {
          int[] keys = zone.healthKeysBySet().get(data.setIndex(n, type));
          s.append("keys ").append(keys == null ? "-" : java.util.Arrays.toString(keys));
        }
        out.put(prefix + owner.toString().toLowerCase() + " " + Type.string(type), s.toString());
      }
    }
  }

  private static String target(AliasTarget t) {
    if (t instanceof AddressGroup g) {
      StringBuilder s = new StringBuilder("G(" + g.source() + "," + g.id() + ",");
      for (int i = 0; i < g.size(); i++) {
        s.append(g.record(i).rdataToString()).append('/').append(g.record(i).getTTL()).append(' ');
      }
      return s.append(g.checked()).append(')').toString();
    }
    AliasChoice c = (AliasChoice) t;
    StringBuilder s = new StringBuilder("C(");
    for (int i = 0; i < c.size(); i++) {
      s.append(c.alias(i).weight()).append(':').append(target(c.target(i))).append(' ');
    }
    return s.append(')').toString();
  }

  // ---- records

  static Name n(String s) {
    return s.equals("@") ? ORIGIN : Name.fromConstantString(s + ".example.com.");
  }

  static SOARecord soa(long serial) {
    return new SOARecord(ORIGIN, DClass.IN, 3600, n("ns1"), n("hostmaster"), serial, 7200, 900, 1209600, 300);
  }

  static ARecord a(String name, long ttl, int b1, int b2, int b3, int b4) throws Exception {
    return new ARecord(n(name), DClass.IN, ttl, InetAddress.getByAddress(new byte[] {(byte) b1, (byte) b2,
        (byte) b3, (byte) b4}));
  }

  static AAAARecord aaaa(String name, String address) throws Exception {
    return new AAAARecord(n(name), DClass.IN, 3600, InetAddress.getByName(address));
  }

  static TXTRecord txt(String name, String text) {
    return new TXTRecord(n(name), DClass.IN, 3600, text);
  }

  static Record alias(String name, int weight, String target) throws Exception {
    RecordTypes.register();
    return Record.fromString(n(name), RecordTypes.ALIAS, DClass.IN, 3600, weight + " " + target, ORIGIN);
  }
}
