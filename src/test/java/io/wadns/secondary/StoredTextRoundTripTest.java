package io.wadns.secondary;

import static io.wadns.secondary.IncomingTransferTest.soa;
import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.health.HealthKeys;
import io.wadns.zone.RecordTypes;
import io.wadns.zone.Zone;
import io.wadns.zonefile.LoadLimits;
import io.wadns.zonefile.WireZone;
import io.wadns.zonefile.ZoneLoader;
import io.wadns.zonefile.ZoneLoader.FileLoad;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A transferred zone, built from its records in wire form and served, is stored as zone text that the
 * next start reads back into the same zone: every type and every awkward name, compared as text (TTLs and
 * the case of names included).
 */
class StoredTextRoundTripTest {
  @TempDir
  Path dir;

  static Name name(String s) {
    try {
      return Name.fromString(s);
    } catch (TextParseException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static Record rr(String text) {
    String[] f = text.split(" ", 4);
    try {
      return Record.fromString(name(f[0]), Type.value(f[2]), DClass.IN, Long.parseLong(f[1]), f[3], Name.root);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  /** Records from their text, made when the case runs. */
  static Supplier<List<Record>> texts(String... lines) {
    return () -> Stream.of(lines).map(StoredTextRoundTripTest::rr).toList();
  }

  /** One record from its RDATA in wire form, made when the case runs. */
  static Supplier<List<Record>> wire(String owner, int type, long ttl, byte[] rdata) {
    return () -> List.of(Record.newRecord(name(owner), type, DClass.IN, ttl, rdata));
  }

  static Stream<Arguments> zones() {
    RecordTypes.register();
    return Stream.of(
        Arguments.of("txt-empty", texts("t.example.com. 60 TXT \"\"")),
        Arguments.of("case", texts("MiXed.Example.com. 60 MX 10 Mail.EXAMPLE.com.")),
        Arguments.of("apex-case", texts("Example.COM. 60 TXT \"the apex spelled otherwise\"",
            "sub.EXAMPLE.com. 60 A 192.0.2.7")),
        Arguments.of("dot-in-label", texts("a\\.b.example.com. 60 A 192.0.2.1")),
        Arguments.of("high-bytes", texts("\\200\\255.example.com. 60 A 192.0.2.1")),
        Arguments.of("space-label", texts("a\\032b.example.com. 60 TXT \"x\"")),
        Arguments.of("paren-label", texts("a\\(b.example.com. 60 TXT \"x\"")),
        Arguments.of("semicolon-rdata-name", texts("c.example.com. 60 CNAME x\\;y.example.com.")),
        Arguments.of("wildcard", texts("*.example.com. 60 A 192.0.2.1")),
        Arguments.of("hinfo", texts("h.example.com. 60 HINFO \"a b\" \"c\"")),
        Arguments.of("caa", texts("example.com. 60 CAA 0 issue \"ca;\\\"x\"")),
        Arguments.of("loc", texts("l.example.com. 60 LOC 51 30 12.748 N 0 7 39.611 W 0.00m 1m 10000m 10m")),
        Arguments.of("https", texts("h.example.com. 60 HTTPS 1 . alpn=h2,h3 port=443 ipv4hint=192.0.2.1")),
        Arguments.of("svcb-alias", texts("s.example.com. 60 SVCB 0 target.example.com.")),
        Arguments.of("naptr", texts(
            "n.example.com. 60 NAPTR 100 10 \"u\" \"E2U+sip\" \"!^.*$!sip:info@example.com!\" .")),
        Arguments.of("tlsa", texts("_443._tcp.example.com. 60 TLSA 3 1 1 0123456789abcdef")),
        Arguments.of("sshfp", texts("s.example.com. 60 SSHFP 1 1 0123456789abcdef0123456789abcdef01234567")),
        Arguments.of("uri", texts("_http._tcp.example.com. 60 URI 10 1 \"http://x/\"")),
        Arguments.of("apl", texts("a.example.com. 60 APL 1:192.0.2.0/24 !2:2001:db8::/32")),
        Arguments.of("wks", texts("w.example.com. 60 WKS 192.0.2.1 tcp 25 80")),
        Arguments.of("ds", texts(
            "sub.example.com. 60 NS ns.other.",
            "sub.example.com. 60 DS 12345 8 2 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")),
        Arguments.of("openpgpkey", texts("o.example.com. 60 OPENPGPKEY AQID")),
        Arguments.of("dname", texts("d.example.com. 60 DNAME other.example.")),
        Arguments.of("ttl-mixed", texts("m.example.com. 60 A 192.0.2.1", "m.example.com. 300 A 192.0.2.2")),
        Arguments.of("dup", texts("d.example.com. 60 A 192.0.2.1", "d.example.com. 60 A 192.0.2.1")),
        Arguments.of("glue-deep", texts(
            "sub.example.com. 60 NS ns.sub.example.com.",
            "ns.sub.example.com. 60 A 192.0.2.1",
            "x.y.sub.example.com. 60 TXT \"occluded\"")),
        Arguments.of("ipseckey", texts(
            "i.example.com. 60 IPSECKEY 10 1 2 192.0.2.38 AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==")),
        Arguments.of("zonemd", texts(
            "example.com. 60 ZONEMD 1 1 1 0123456789abcdef0123456789abcdef0123456789abcdef"
            + "0123456789abcdef0123456789abcdef0123456789abcdef")),
        Arguments.of("nsec", texts("example.com. 60 NSEC a.example.com. NS SOA RRSIG NSEC DNSKEY")),
        Arguments.of("cert", texts("c.example.com. 60 CERT PGP 0 0 AQID")),
        Arguments.of("gpos", texts("g.example.com. 60 GPOS -32.6882 116.8652 10.0")),
        Arguments.of("x25", texts("x.example.com. 60 X25 311061700956")),
        Arguments.of("nsap", texts("n.example.com. 60 NSAP 0x47000580ffff000000321099991111222233334444")),
        Arguments.of("hip", texts(
            "h.example.com. 60 HIP 2 200100107B1A74DF365639CC39F1D578 "
            + "AwEAAbdxyhNuSutc5EMzxTs9LBPCIkOFH8cIvM4p9+LrV4e19WzK00+CI6zBCQTdtWsuxKbWIy87UOoJTwkUs7lBu+Upr1gsNr"
            + "ut79ryra+bSRGQb1slImA8YVJyuIDsj7kwzG7jnERNqnWxZ48AWkskmdHaVDP4BcelrTI3rMXdXF5D")),
        Arguments.of("smimea", texts("s.example.com. 60 SMIMEA 3 1 1 0123456789abcdef")),
        Arguments.of("dhcid", texts("d.example.com. 60 DHCID AAIBY2/AuCccgoJbsaxcQc9TUapptP69lOjxfNuVAA2kjEA=")),
        Arguments.of("minfo-rp", texts("r.example.com. 60 RP mbox.example.com. txt.example.com.")),
        Arguments.of("spf", texts("example.com. 60 SPF \"v=spf1 -all\"")),
        Arguments.of("null", wire("n.example.com.", Type.NULL, 60, new byte[] {1, 2, 3})),
        Arguments.of("null-empty", wire("n.example.com.", Type.NULL, 60, new byte[0])),
        Arguments.of("unknown-empty", wire("u.example.com.", 65000, 60, new byte[0])),
        Arguments.of("apl-empty", wire("a.example.com.", Type.APL, 60, new byte[0])),
        Arguments.of("ttl-big", wire("big.example.com.", Type.A, 0x7FFFFFFFL, new byte[] {1, 2, 3, 4})));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("zones")
  void readsBackAsServed(String label, Supplier<List<Record>> extra) throws Exception {
    List<Record> all = new ArrayList<>(List.of(soa(1), rr("example.com. 3600 NS ns1.example.com."),
        rr("ns1.example.com. 3600 A 192.0.2.53")));
    all.addAll(extra.get());
    roundTrip(dir.resolve("example.com.zone"), all);
  }

  @Test
  void theRootZoneReadsBackToo() throws Exception {
    Path file = dir.resolve("root.zone");
    Zone stored = roundTrip(file, List.of(
        rr(". 86400 SOA a.root-servers.net. nstld.verisign-grs.com. 7 1800 900 604800 86400"),
        rr(". 518400 NS a.root-servers.net."), rr("a.root-servers.net. 518400 A 198.41.0.4"),
        rr("com. 172800 NS a.gtld-servers.net."), rr("Example. 300 TXT \"a name spelled in capitals\"")));
    assertThat(stored.origin()).isEqualTo(Name.root);
    assertThat(Files.readString(file)).contains("\n$ORIGIN .\n@ 86400 IN SOA ").contains("\ncom 172800 IN NS ");
  }

  /**
   * Builds a zone from {@code records} in wire form as a transfer does, writes it to {@code file} as the
   * store's text, reads it back as the next start does, checks that both hold the same records, and
   * returns the zone read back.
   */
  private Zone roundTrip(Path file, List<Record> records) throws Exception {
    LoadLimits limits = new LoadLimits(List.of(dir), 1000, 0);
    WireZone transferred = new WireZone(file, 64, limits);
    for (int i = 0; i < records.size(); i++) {
      WireRecords.feed(records.get(i), transferred, "AXFR", i + 1);
    }
    FileLoad served = transferred.build(new HealthKeys());
    assertThat(served.errors()).as("built from the transfer").isEmpty();
    Zone zone = served.zone();
    try (OutputStream out = Files.newOutputStream(file)) {
      ZoneText.write(out, zone.origin(), ZoneUpdate.soaOf(zone), ZoneUpdate.records(zone), "192.0.2.1@53",
          Instant.EPOCH);
    }
    FileLoad stored = ZoneLoader.load(file, new HealthKeys(), limits);
    assertThat(stored.errors()).as("read back from:%n%s", Files.readString(file)).isEmpty();
    assertThat(text(stored.zone())).isEqualTo(text(zone));
    assertThat(stored.zone().serial()).isEqualTo(zone.serial());
    return stored.zone();
  }

  private static Set<String> text(Zone zone) {
    Set<String> out = new TreeSet<>();
    ZoneUpdate.records(zone).forEach(r -> out.add(r.toString()));
    return out;
  }
}
