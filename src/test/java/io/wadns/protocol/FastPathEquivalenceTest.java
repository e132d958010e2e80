package io.wadns.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.resolve.Resolver;
import io.wadns.weighted.Randomness;
import io.wadns.zone.Zone;
import io.wadns.zonefile.ZoneLoader;
import io.wadns.zone.ZoneSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The fast path is only a faster way to say what the general path says: for every name of the
 * bundled and differential-test zones, many types, three spellings of the name, with and without
 * EDNS and DO, over UDP and TCP, both paths give the same bytes. Weighted answers use the same
 * seeded random stream on both paths, so the same group and rotation are picked.
 */
class FastPathEquivalenceTest {
  static final int[] TYPES = {Type.A, Type.AAAA, Type.MX, Type.TXT, Type.NS, Type.SOA, Type.CNAME, Type.SRV,
      Type.DS, Type.PTR, Type.CAA, Type.DNAME, 65300, 65301};

  /** A random source that can be put back to the same point. */
  static final class Reseedable implements Randomness {
    SplittableRandom random = new SplittableRandom(1);

    void reseed(long seed) {
      random = new SplittableRandom(seed);
    }

    @Override
    public int nextInt(int bound) {
      return random.nextInt(bound);
    }
  }

  static Stream<Arguments> zoneSets() {
    return Stream.of(
        Arguments.of("bundled zones", Path.of(System.getProperty("user.dir"), "zones")),
        Arguments.of("differential-test zones", Path.of(System.getProperty("user.dir"),
            "src/test/resources/diff-zones")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("zoneSets")
  void fastAndGeneralPathsGiveIdenticalBytes(String label, Path dir) throws Exception {
    ZoneLoader.Result loaded = ZoneLoader.loadDirectory(dir);
    assertThat(loaded.problems()).as("errors (warnings of occluded test data aside)").allMatch(p -> p.warning());
    ZoneSet zones = loaded.zones();
    Reseedable random = new Reseedable();
    Responder responder = new Responder(new Resolver(() -> zones, random));
    byte[] out = new byte[65535];
    List<String> mismatches = new ArrayList<>();
    int fast = 0;
    int compared = 0;
    for (Zone zone : zones.zones()) {
      List<Name> names = new ArrayList<>(zone.names());
      names.add(Name.fromConstantString("no-such-name." + zone.origin()));
      // Names the zone does not hold as such, answered from the fast path's slots: below every name (below
      // cuts: referrals; below wildcards' parents: synthesis; elsewhere NXDOMAIN), and matching wildcards.
      for (Name held : zone.names()) {
        String text = held.toString();
        names.add(Name.fromConstantString(text.startsWith("*.") ? "matched-x" + text.substring(1) : "below-x." + text));
      }
      for (Name name : names) {
        for (int type : TYPES) {
          for (String spelling : spellings(name)) {
            for (int edns = 0; edns < 3; edns++) {
              byte[] query = query(spelling, type, edns);
              for (Transport transport : Transport.values()) {
                random.reseed(7);
                responder.respond(query, query.length, transport, out); // warm the cache
                random.reseed(compared);
                int n = responder.respond(query, query.length, transport, out);
                random.reseed(compared);
                byte[] general = responder.general(query, transport);
                compared++;
                byte[] got = java.util.Arrays.copyOf(out, n);
                if (!java.util.Arrays.equals(got, general)) {
                  mismatches.add(spelling + " " + Type.string(type) + " edns=" + edns + " " + transport
                      + "\n  fast    " + HexFormat.of().formatHex(got)
                      + "\n  general " + HexFormat.of().formatHex(general));
                }
              }
            }
          }
        }
      }
    }
    // How many of those went through the fast path at all: the test must exercise it.
    for (Zone zone : zones.zones()) {
      for (Name name : zone.names()) {
        byte[] query = query(name.toString(), Type.A, 1);
        if (new FastPath(new Resolver(() -> zones, random), random).answer(query, query.length, Transport.UDP,
            new QueryShape(), zones, io.wadns.health.HealthView.ALL_UP) instanceof FastAnswer.Served) {
          fast++;
        }
      }
    }
    // Names the zones do not hold are answered from the slots too: NXDOMAIN here.
    int others = 0;
    FastPath slots = new FastPath(new Resolver(() -> zones, random), random);
    for (Zone zone : zones.zones()) {
      byte[] query = query("no-such-name." + zone.origin(), Type.A, 1);
      if (slots.answer(query, query.length, Transport.UDP, new QueryShape(), zones,
          io.wadns.health.HealthView.ALL_UP) instanceof FastAnswer.Served) {
        others++;
      }
    }
    assertThat(others).as("NXDOMAIN answered by the fast path").isEqualTo(zones.zones().size());
    assertThat(mismatches).as(label).isEmpty();
    assertThat(compared).isGreaterThan(1000);
    assertThat(fast).as("names answered by the fast path").isGreaterThan(zones.zones().size() * 5);
  }

  static List<String> spellings(Name name) {
    String lower = name.toString();
    StringBuilder mixed = new StringBuilder();
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      mixed.append(i % 2 == 0 ? Character.toUpperCase(c) : c);
    }
    return List.of(lower, lower.toUpperCase(), mixed.toString());
  }

  /** edns: 0 none, 1 EDNS, 2 EDNS with DO and a small payload. */
  static byte[] query(String name, int type, int edns) throws Exception {
    Message m = new Message((0x1234 + type) & 0xFFFF);
    m.getHeader().setFlag(Flags.RD);
    m.addRecord(Record.newRecord(Name.fromString(name), type, DClass.IN), Section.QUESTION);
    if (edns == 1) {
      m.addRecord(new OPTRecord(4096, 0, 0, 0), Section.ADDITIONAL);
    } else if (edns == 2) {
      m.addRecord(new OPTRecord(600, 0, 0, org.xbill.DNS.ExtendedFlags.DO), Section.ADDITIONAL);
      m.getHeader().setFlag(Flags.CD);
    }
    return m.toWire();
  }
}
