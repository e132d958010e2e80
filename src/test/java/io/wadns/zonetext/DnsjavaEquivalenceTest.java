package io.wadns.zonetext;

import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.zone.RecordTypes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import org.xbill.DNS.UNKRecord;

/**
 * For every type dnsjava knows, sample RDATA texts read by this reader give exactly dnsjava's
 * wire RDATA, owner, type and TTL; so does the text dnsjava prints for the record it read.
 */
class DnsjavaEquivalenceTest {
  private static final Name ORIGIN = Name.fromConstantString("example.com.");
  private static final Name OWNER = Name.fromConstantString("Host.example.com.");
  private static final String DS_SHA256 = "2BB183AF5F22588179A53B0A98631FAD1A292118AABBCCDDEEFF001122334455";
  private static final String KEY = "AwEAAagAIKlVZrpC6Ia7gEzahOR+9W29euxhJhVVLOyQbSEW0O8gcCjF";

  /**
   * Query and meta types (RFC 6895 §3.1) are not data: this reader refuses them in a zone file, as
   * BIND does. dnsjava has no text format for most of them either (it reads ANY, AXFR, IXFR, MAILA
   * and MAILB only as RFC 3597 generic data).
   */
  private static final List<Integer> REFUSED_META_TYPES =
      List.of(Type.OPT, Type.TKEY, Type.TSIG, Type.IXFR, Type.AXFR, Type.MAILB, Type.MAILA, Type.ANY);

  private static final Map<String, List<String>> SAMPLES = new LinkedHashMap<>();

  static {
    RecordTypes.register();
    sample("A", "192.0.2.1", "0.0.0.0", "255.255.255.255", "\\# 4 c0000201");
    sample("NS", "ns1", "NS1.Example.NET.", "@");
    sample("MD", "mail.example.net.");
    sample("MF", "mail.example.net.");
    sample("CNAME", "target", "Target.Example.NET.", "@", "a\\.b.c");
    sample("SOA", "ns1 hostmaster 2024010101 3600 900 1209600 300", "ns1.example.net. h.example.net. 1 1h 15m 2w 1d",
        "ns1 hostmaster ( 4294967295 1 2 3 4 )");
    sample("MB", "mb.example.net.");
    sample("MG", "mg");
    sample("MR", "mr.example.net.");
    sample("NULL", "\\# 3 010203", "\\# 0");
    sample("WKS", "192.0.2.1 6 25 80");
    sample("PTR", "host.example.net.", "host");
    sample("HINFO", "\"Intel x86\" \"Linux\"", "PC UNIX", "\"\" \"\"");
    sample("MINFO", "rmail emailbx.example.net.");
    sample("MX", "10 mail", "0 .", "65535 Mail.Example.NET.");
    sample("TXT", "\"v=spf1 -all\"", "a b c", "\"\"", "\"quote \\\" in\" \\065\\066", "( \"one\"\n \"two\" )",
        "\"" + "x".repeat(255) + "\"", "\"semi;colon\" \"(paren)\"");
    sample("RP", "admin.example.com. txt.example.com.", "admin txt");
    sample("AFSDB", "1 afs.example.net.");
    sample("X25", "311061700956");
    sample("ISDN", "150862028003217 004", "150862028003217");
    sample("RT", "10 relay.example.net.");
    sample("NSAP", "0x47000580005a0000000001e133ffffff00016100");
    sample("NSAP-PTR", "host.example.net.");
    sample("SIG", "A 8 3 3600 20250101000000 20240101000000 12345 example.com. AQIDBA==");
    sample("KEY", "256 3 8 AwEAAQ==");
    sample("PX", "10 map822.example.net. mapx400.example.net.");
    sample("GPOS", "-32.6882 116.8652 10.0");
    sample("AAAA", "2001:db8::1", "::", "::1", "::ffff:192.0.2.1", "2001:DB8:0:0:0:0:0:1", "1:2:3:4:5:6:7::",
        "1:2:3:4:5:6:1.2.3.4", "fe80::1:2");
    sample("LOC", "52 22 23.000 N 4 53 32.000 E -2.00m 0.00m 10000m 10m", "1 N 2 W 3m");
    sample("NXT", "next.example.com. A NS");
    sample("SRV", "10 60 5060 sip.example.net.", "0 0 0 .", "65535 65535 65535 target");
    sample("NAPTR", "100 10 \"S\" \"SIP+D2U\" \"!^.*$!sip:info@example.com!\" _sip._udp.example.com.",
        "100 50 \"a\" \"z3950+N2L+N2C\" \"\" cidserver.example.com.");
    sample("KX", "10 kx.example.net.");
    sample("CERT", "1 12345 8 AQIDBA==", "PGP 0 0 AQIDBA==");
    sample("A6", "0 2001:db8::1", "64 ::1 prefix.example.net.");
    sample("DNAME", "target.example.net.", "target");
    sample("APL", "1:192.0.2.0/24 !2:2001:db8::/32", "");
    sample("DS", "12345 8 2 " + DS_SHA256, "60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118",
        "60485 5 1 ( 2BB183AF5F22588179A5\n 3B0A98631FAD1A292118 )", "1 2 200 abcdef");
    sample("SSHFP", "2 1 123456789abcdef67890123456789abcdef67890");
    sample("IPSECKEY", "10 1 2 192.0.2.38 AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==",
        "10 0 2 . AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==");
    sample("RRSIG", "A 8 3 86400 20250101000000 20240101000000 12345 example.com. dGVzdHNpZ25hdHVyZQ==",
        "TYPE65280 13 2 300 1735689600 1704067200 1 Example.COM. AQID AQID",
        "NSEC 8 3 86400 ( 20250101000000 20240101000000 12345 example.com.\n dGVzdHNp\n Z25hdHVyZQ== )");
    sample("NSEC", "next.example.com. A NS SOA MX RRSIG NSEC DNSKEY TYPE65280 CAA", "next", "next.example.com. A");
    sample("DNSKEY", "257 3 8 " + KEY, "256 3 RSASHA256 " + KEY, "256 3 8 ( AwEAAagA\n IKlVZrpC )");
    sample("DHCID", "AAIBY2/AuCccgoJbsaxcQc9TUapptP69lOjxfNuVAA2kjEA=");
    sample("NSEC3", "1 1 12 aabbccdd 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR A RRSIG",
        "1 0 0 - 2t7b4g4vsa5smi47k61mv5bv1a22bojr", "1 0 0 - 2T7B4G4V NS SOA TYPE1234");
    sample("NSEC3PARAM", "1 0 10 aabbccdd", "1 0 0 -");
    sample("TLSA", "3 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "0 0 0 00");
    sample("SMIMEA", "3 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    sample("HIP", "2 200100107B1A74DF365639CC39F1D578 AwEAAbdxyhNuSutc5EMzxTs9LBPC rvs.example.com.");
    sample("CDS", "12345 8 2 " + DS_SHA256, "0 0 0 00");
    sample("CDNSKEY", "257 3 8 " + KEY, "0 3 0 AA==");
    sample("OPENPGPKEY", "AQIDBA==");
    sample("ZONEMD", "2018031900 1 1 " + "a".repeat(96));
    sample("SVCB", "1 svc.example.com. alpn=h2,h3 port=8443", "0 alias.example.com.",
        "16 foo.example.org. mandatory=alpn alpn=h2 ipv6hint=2001:db8::1");
    sample("HTTPS", "1 . alpn=h2 ipv4hint=192.0.2.1", "0 www.example.net.");
    sample("SPF", "\"v=spf1 -all\"", "v=spf1 mx");
    sample("URI", "10 1 \"https://example.com/\"");
    sample("CAA", "0 issue \"ca.example.net\"", "128 iodef \"mailto:security@example.com\"", "0 issuewild \";\"",
        "0 issue ca.example.net", "0 issue \"\"");
    sample("DLV", "12345 8 2 " + DS_SHA256);
    // Weight and target alone are read natively; with options (or anything odd) by dnsjava.
    sample("ALIAS", "1 endpoint-a", "3 endpoint-b.example.net.", "0 @", "255 Mixed.Case.Example.", "007 a\\.b",
        "+5 endpoint-a", "2 endpoint-a max=2", "1 endpoint-a evaluate-target-health=no id=blue", "4 \\065\\066");
    sample("HEALTHCHECK", "tcp port=443");
  }

  private static void sample(String type, String... texts) {
    SAMPLES.put(type, List.of(texts));
  }

  /** The RDATA type codes dnsjava has a mnemonic for, plus wadns' own. */
  static List<Integer> knownTypes() {
    List<Integer> types = new ArrayList<>();
    for (int type = 1; type <= 0xFFFF; type++) {
      if (!Type.string(type).startsWith("TYPE")) {
        types.add(type);
      }
    }
    return types;
  }

  @TestFactory
  Stream<DynamicTest> everyTypeReadsToDnsjavasWireForm() {
    return knownTypes().stream()
        .filter(type -> !REFUSED_META_TYPES.contains(type))
        .map(type -> DynamicTest.dynamicTest(Type.string(type), () -> checkType(type)));
  }

  private static void checkType(int type) throws Exception {
    List<String> texts = samplesFor(type);
    for (String text : texts) {
      Record expected = Record.fromString(OWNER, type, DClass.IN, 3600, text, ORIGIN);
      assertSameAsDnsjava(type, text, expected);
      // dnsjava's printed form must read back the same
      String printed = expected.rdataToString();
      if (!printed.equals(text) && !(expected instanceof UNKRecord)) {
        assertSameAsDnsjava(type, printed, Record.fromString(OWNER, type, DClass.IN, 3600, printed, ORIGIN));
      }
    }
  }

  private static List<String> samplesFor(int type) {
    List<String> texts = SAMPLES.get(Type.string(type));
    if (texts != null) {
      return texts;
    }
    // dnsjava reads types it has only a name for (EID, NINFO, EUI48, ...) as RFC 3597 generic data only.
    assertThat(hasOnlyGenericFormat(type))
        .as("%s has a text format in dnsjava but no sample here", Type.string(type))
        .isTrue();
    return List.of("\\# 2 abcd", "\\# 0");
  }

  private static boolean hasOnlyGenericFormat(int type) {
    try {
      return Record.fromString(OWNER, type, DClass.IN, 0, "\\# 0", ORIGIN) instanceof UNKRecord;
    } catch (java.io.IOException | RuntimeException e) {
      return false;
    }
  }

  static void assertSameAsDnsjava(int type, String rdataText, Record expected) {
    String zone = "Host 3600 IN " + Type.string(type) + " " + rdataText + "\n";
    ReadRecords.Result read = ReadRecords.read(zone);
    assertThat(read.problems()).as(zone).isEmpty();
    assertThat(read.records()).as(zone).containsExactly(ReadRecords.of(expected));
  }

  @Test
  void metaTypesAreRefused() {
    for (int type : REFUSED_META_TYPES) {
      ReadRecords.Result read = ReadRecords.read("a 60 " + Type.string(type) + " \\# 0\n");
      assertThat(read.records()).isEmpty();
      assertThat(read.problems())
          .containsExactly(
              "1: type " + Type.string(type) + " is a query or meta type, not zone data (RFC 6895 §3.1)");
    }
  }

  @Test
  void typeNumbersReadLikeMnemonics() {
    ReadRecords.Result read = ReadRecords.read("a 60 TYPE15 10 mail\nb 60 TYPE65300 1 endpoint\n");
    assertThat(read.problems()).isEmpty();
    assertThat(read.records()).extracting(ReadRecords.WireRecord::type).containsExactly(15, RecordTypes.ALIAS);
  }
}
