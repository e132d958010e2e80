package io.wadns.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.health.HealthKeys;
import io.wadns.zone.Zone;
import io.wadns.zone.ZoneRecords;
import io.wadns.zonefile.ZoneLoader;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/**
 * The difference between two versions, found RRset by RRset, is the difference of their record sets
 * (owner without regard to case, type, TTL, RDATA), SOA aside: over random pairs of versions with
 * records added and deleted, TTLs changed, owners written in another case, records reordered, weights
 * and targets of ALIAS records changed, names added and removed.
 */
class ZoneDiffTest {
  @TempDir
  Path dir;

  @Test
  void theDifferenceIsTheDifferenceOfTheRecordSets() {
    Random random = new Random(11);
    int nonEmpty = 0;
    for (int round = 0; round < 300; round++) {
      List<String> base = lines(random);
      List<String> changed = mutate(base, random);
      Zone before = load(1, base);
      Zone after = load(2, changed);
      Difference d = ZoneDiff.between(before, after);
      Set<String> deleted = minus(keys(before), keys(after));
      Set<String> added = minus(keys(after), keys(before));
      Set<String>[] got = parse(d);
      assertThat(got[0]).as("deleted, round " + round + ": " + changed).isEqualTo(deleted);
      assertThat(got[1]).as("added, round " + round).isEqualTo(added);
      assertThat(d.count()).isEqualTo(2 + deleted.size() + added.size());
      assertThat(ZoneDiff.sameRecords(before, after)).isEqualTo(deleted.isEmpty() && added.isEmpty());
      nonEmpty += deleted.isEmpty() && added.isEmpty() ? 0 : 1;
    }
    assertThat(nonEmpty).as("versions that differ").isGreaterThan(120);
  }

  static List<String> lines(Random random) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      out.add("h" + i + " " + (60 + random.nextInt(2)) + " A 10.0.0." + random.nextInt(4));
      if (random.nextBoolean()) {
        out.add("h" + i + " 60 TXT \"t" + random.nextInt(3) + "\"");
      }
    }
    out.add("g1 A 10.1.0.1");
    out.add("g2 A 10.2.0.1");
    out.add("www ALIAS 1 g1");
    out.add("www ALIAS 2 g2");
    return out;
  }

  static List<String> mutate(List<String> base, Random random) {
    List<String> out = new ArrayList<>(base);
    int changes = random.nextInt(4);
    for (int i = 0; i < changes; i++) {
      switch (random.nextInt(6)) {
        case 0 -> out.remove(random.nextInt(12)); // never the weighted part at the end
        case 1 -> out.add(0, "new" + random.nextInt(3) + " A 10.5.0." + random.nextInt(3));
        case 2 -> out.set(0, out.get(0).replace(" 60 ", " 61 ").replace(" 61 A", " 60 A"));
        case 3 -> out.set(1, out.get(1).toUpperCase().replace("\"T", "\"t").replace("TXT", "TXT"));
        case 4 -> out.set(out.size() - 2, "www ALIAS " + random.nextInt(3) + " g1");
        default -> java.util.Collections.shuffle(out.subList(0, 8), random);
      }
    }
    return out;
  }

  Zone load(long serial, List<String> records) {
    String text = "$ORIGIN example.com.\n$TTL 3600\n@ SOA ns1 hostmaster " + serial + " 7200 900 1209600 300\n"
        + "@ NS ns1\nns1 A 192.0.2.53\n" + String.join("\n", records) + "\n";
    ZoneLoader.FileLoad load = ZoneLoader.loadText("example.com.zone", text, dir, new HealthKeys());
    assertThat(load.ok()).as(load.problems().toString()).isTrue();
    return load.zone();
  }

  /** Every record but the SOA: owner in lower case, type, TTL and RDATA, as text. */
  static Set<String> keys(Zone zone) {
    Set<String> out = new TreeSet<>();
    ZoneRecords r = zone.records();
    while (r.next()) {
      if (r.type() == Type.SOA) {
        continue;
      }
      byte[] owner = java.util.Arrays.copyOfRange(r.ownerArena(), r.ownerStart(), r.ownerStart() + r.ownerLength());
      out.add(HexFormat.of().formatHex(lower(owner)) + " " + r.type() + " " + r.ttl() + " "
          + HexFormat.of().formatHex(r.rdataArena(), r.rdataStart(), r.rdataStart() + r.rdataLength()));
    }
    return out;
  }

  static byte[] lower(byte[] wire) {
    byte[] out = wire.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] = out[i] >= 'A' && out[i] <= 'Z' ? (byte) (out[i] + 32) : out[i];
    }
    return out;
  }

  static Set<String> minus(Set<String> a, Set<String> b) {
    Set<String> out = new TreeSet<>(a);
    out.removeAll(b);
    return out;
  }

  /** The records of a difference, deleted and added, in the form of {@link #keys}. */
  @SuppressWarnings("unchecked")
  static Set<String>[] parse(Difference d) {
    Set<String>[] out = new Set[] {new TreeSet<String>(), new TreeSet<String>()};
    ByteBuffer b = ByteBuffer.wrap(d.records());
    int side = -1;
    while (b.hasRemaining()) {
      int start = b.position();
      while (b.get() != 0) {
        b.position(b.position() + (b.get(b.position() - 1) & 0xFF));
      }
      byte[] owner = java.util.Arrays.copyOfRange(d.records(), start, b.position());
      int type = b.getShort() & 0xFFFF;
      b.getShort();
      long ttl = b.getInt() & 0xFFFFFFFFL;
      int length = b.getShort() & 0xFFFF;
      byte[] rdata = new byte[length];
      b.get(rdata);
      if (type == Type.SOA) {
        side++;
        continue;
      }
      out[side].add(HexFormat.of().formatHex(lower(owner)) + " " + type + " " + ttl + " "
          + HexFormat.of().formatHex(rdata));
    }
    return out;
  }
}
