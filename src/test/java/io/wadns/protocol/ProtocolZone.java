package io.wadns.protocol;

import io.wadns.resolve.Resolver;
import io.wadns.testing.TestZones;
import io.wadns.zone.ZoneSet;

/**
 * The zone the protocol and pipeline tests query: small answers, RRsets sized to cross the 512 and
 * 1232 octet limits, an MX whose additional data does not fit, and delegations with big glue.
 */
public final class ProtocolZone {
  public static final String ORIGIN = "example.com.";

  private ProtocolZone() {}

  /** A responder serving {@link #text()}. */
  public static Responder responder() {
    ZoneSet zones = load();
    return new Responder(new Resolver(() -> zones, bound -> 0));
  }

  /** {@link #text()} parsed as {@code example.com.zone}; fails on any problem. */
  public static ZoneSet load() {
    return TestZones.parse(ORIGIN + "zone", text());
  }

  public static String text() {
    StringBuilder z = new StringBuilder(TestZones.HEAD);
    z.append("""
        www      IN A    192.0.2.10
        mail     IN MX   10 mx1
        mail     IN MX   20 mx2
        mx1      IN A    192.0.2.25
        mx1      IN A    192.0.2.26
        """);
    // mid: 20 A records, a 364-octet reply with OPT: over 300, under 512.
    addresses(z, "mid", 20);
    // big: 40 A records, a 673-octet reply: over 512, under 1232.
    addresses(z, "big", 40);
    // mx2: 40 A records, the additional data of mail MX that does not fit in 512.
    addresses(z, "mx2", 40);
    // bigtxt: six 250-octet strings, about 1600 octets: over 1232.
    for (int i = 0; i < 6; i++) {
      z.append("bigtxt IN TXT \"").append(i).append("-".repeat(249)).append("\"\n");
    }
    // sub: a cut with 13 in-domain name servers, 4 addresses each: 832 octets of required glue.
    for (int i = 1; i <= 13; i++) {
      String ns = String.format("ns%02d.sub", i);
      z.append("sub IN NS ").append(ns).append('\n');
      addresses(z, ns, 4);
    }
    // side: one in-domain name server with small glue, and 13 sibling servers with big glue.
    z.append("side IN NS ns.side\n");
    z.append("ns.side IN A 192.0.2.99\n");
    for (int i = 1; i <= 13; i++) {
      String ns = String.format("sib%02d", i);
      z.append("side IN NS ").append(ns).append('\n');
      addresses(z, ns, 4);
    }
    return z.toString();
  }

  private static void addresses(StringBuilder z, String owner, int count) {
    for (int i = 0; i < count; i++) {
      z.append(owner).append(" IN A 198.51.").append(100 + i / 250).append('.').append(1 + i % 250)
          .append('\n');
    }
  }
}
