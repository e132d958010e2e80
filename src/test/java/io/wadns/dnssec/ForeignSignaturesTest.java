package io.wadns.dnssec;

import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.protocol.Responder;
import io.wadns.protocol.Transport;
import io.wadns.resolve.Resolver;
import io.wadns.testing.TestZones;
import io.wadns.weighted.Randomness;
import io.wadns.zone.Zone;
import io.wadns.zone.ZoneSet;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import org.xbill.DNS.dnssec.ValidatingResolver;

/**
 * A zone signed elsewhere (here by {@link SignedZone}, as {@code dnssec-signzone} would write it) and
 * loaded without keys is served signed with its own records: a validating resolver finds every kind of
 * answer secure. Zones whose signatures cannot be served that way stay unsigned, with the reason.
 */
class ForeignSignaturesTest {
  static ZoneKey key;

  @BeforeAll
  static void makeKey() {
    key = new KeyGenerator(new SecureRandom()).generateCsk(SignedZone.APEX, KeyAlgorithm.ECDSAP256SHA256,
        Signatures.INCEPTION, Set.of());
  }

  static String signedText(boolean nsec3) {
    return SignedZone.sign(key, nsec3, Signatures.INCEPTION, Signatures.EXPIRATION);
  }

  static Zone load(String text) {
    return TestZones.parseAllowingWarnings("example.test.zone", text).zones().get(0);
  }

  static ForeignSignatures.Served served(String text, Instant now) {
    return ForeignSignatures.serve(load(text), now);
  }

  static ValidatingResolver validator(Zone zone) throws IOException {
    ZoneSet zones = new ZoneSet(List.of(zone));
    Responder responder = new Responder(new Resolver(() -> zones, Randomness.threadLocal()));
    ValidatingResolver validator = new ValidatingResolver(new SignedAnswersTest.InProcess(responder),
        Clock.fixed(Signatures.DURING, ZoneOffset.UTC));
    validator.setAddReasonToAdditional(true);
    String anchor = key.ds().withName(SignedZone.APEX).toString();
    validator.loadTrustAnchors(new ByteArrayInputStream(anchor.getBytes(StandardCharsets.US_ASCII)));
    return validator;
  }

  static Message ask(ValidatingResolver v, String relative, int type) throws IOException {
    return v.send(Message.newQuery(Record.newRecord(SignedZone.n(relative), type, DClass.IN)));
  }

  static void assertSecure(Message response, int rcode) {
    assertThat(response.getHeader().getFlag(org.xbill.DNS.Flags.AD)).as("%s", response).isTrue();
    assertThat(response.getRcode()).as("%s", response).isEqualTo(rcode);
  }

  /** A positive answer, NODATA, an empty non-terminal, a wildcard and its NODATA, NXDOMAIN, an insecure DS. */
  static void assertEveryKindSecure(ValidatingResolver v) throws IOException {
    assertSecure(ask(v, "www", Type.A), Rcode.NOERROR);
    assertSecure(ask(v, "www", Type.MX), Rcode.NOERROR); // NODATA
    assertSecure(ask(v, "y.w", Type.A), Rcode.NOERROR); // an empty non-terminal
    assertSecure(ask(v, "x.y.w", Type.A), Rcode.NOERROR);
    assertSecure(ask(v, "host.w", Type.TXT), Rcode.NOERROR); // a wildcard answer
    assertSecure(ask(v, "host.w", Type.MX), Rcode.NOERROR); // wildcard NODATA
    assertSecure(ask(v, "nothing", Type.A), Rcode.NXDOMAIN);
    assertSecure(ask(v, "sub", Type.DS), Rcode.NOERROR); // an insecure delegation
  }

  @Test
  void aZoneSignedElsewhereIsServedWithItsOwnSignaturesAndEveryAnswerValidates() throws IOException {
    ForeignSignatures.Served served = served(signedText(false), Signatures.DURING);
    assertThat(served.warning()).isNull();
    assertThat(served.zone().signatures()).isNotNull();
    assertThat(ForeignSignatures.servedAsData(served.zone())).isFalse();
    ValidatingResolver v = validator(served.zone());
    assertSecure(ask(v, "", Type.DNSKEY), Rcode.NOERROR);
    assertSecure(ask(v, "", Type.SOA), Rcode.NOERROR);
    assertEveryKindSecure(v);
  }

  @Test
  void signaturesGoOnlyToQueriesWithDoAndTakeTheTtlOfTheirRrset() throws IOException {
    Zone zone = served(signedText(false), Signatures.DURING).zone();
    Responder responder = new Responder(new Resolver(() -> new ZoneSet(List.of(zone)), Randomness.threadLocal()));
    Message plain = new Message(responder.respond(SignedAnswersTest.query(SignedZone.n("www"), Type.A, 1232, 0)
        .toWire(), Transport.UDP));
    assertThat(plain.getSection(Section.ANSWER)).extracting(Record::getType).containsOnly(Type.A);
    Message withDo = new Message(responder.respond(SignedAnswersTest.query(SignedZone.n("www"), Type.A, 1232,
        ExtendedFlags.DO).toWire(), Transport.UDP));
    List<Record> answer = withDo.getSection(Section.ANSWER);
    assertThat(answer).extracting(Record::getType).containsOnly(Type.A, Type.RRSIG);
    assertThat(answer).extracting(Record::getTTL).containsOnly(300L); // the A set's, not the RRSIG set's
    Message nx = new Message(responder.respond(SignedAnswersTest.query(SignedZone.n("nothing"), Type.A, 1232,
        ExtendedFlags.DO).toWire(), Transport.UDP));
    assertThat(nx.getSection(Section.AUTHORITY)).extracting(Record::getType).contains(Type.SOA, Type.NSEC, Type.RRSIG);
  }

  @Test
  void expiredSignaturesAreServedWithAWarning() {
    ForeignSignatures.Served served = served(signedText(false), Signatures.EXPIRATION.plusSeconds(1));
    assertThat(served.zone().signatures()).isNotNull();
    assertThat(served.warning()).contains("expired at " + Signatures.EXPIRATION);
  }

  @Test
  void anRrsetWithoutItsRrsigIsNamed() {
    String text = without(signedText(false), l -> l.startsWith("www.example.test.") && l.contains("RRSIG\tA "));
    ForeignSignatures.Served served = served(text, Signatures.DURING);
    assertThat(served.zone().signatures()).isNotNull();
    assertThat(served.warning()).contains("1 RRset has no RRSIG (the first at www.example.test.)");
  }

  @Test
  void anNsec3ZoneSignedElsewhereIsServedWithItsChainAndEveryAnswerValidates() throws IOException {
    ForeignSignatures.Served served = served(signedText(true), Signatures.DURING);
    assertThat(served.warning()).isNull();
    assertThat(served.zone().signatures()).isNotNull();
    ValidatingResolver v = validator(served.zone());
    assertSecure(ask(v, "", Type.DNSKEY), Rcode.NOERROR);
    assertSecure(ask(v, "", Type.NSEC3PARAM), Rcode.NOERROR);
    assertEveryKindSecure(v);
    // RFC 5155 §7.2.8: a hashed owner is no name of the zone, whatever the type asked
    String hashed = served.zone().data().name(served.zone().data().nsec3Owners(
        served.zone().data().find(SignedZone.APEX)).nextSetBit(0)).getLabelString(0);
    assertSecure(ask(v, hashed, Type.NSEC3), Rcode.NXDOMAIN);
    assertSecure(ask(v, hashed, Type.A), Rcode.NXDOMAIN);
    assertSecure(ask(v, "a." + hashed, Type.A), Rcode.NXDOMAIN);
  }

  @Test
  void anNsec3ZoneSignedElsewhereReloadsWithTheSameSerial(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws IOException {
    // The serial check digests the served zone, whose hashed owners are hidden: it must not trip on them
    java.nio.file.Path file = dir.resolve("example.test.zone");
    java.nio.file.Files.writeString(file, signedText(true));
    io.wadns.reload.ZoneReloader r = new io.wadns.reload.ZoneReloader(dir,
        new io.wadns.health.HealthRegistry(Clock.fixed(Signatures.DURING, ZoneOffset.UTC)));
    assertThat(r.loadInitial().ok()).isTrue();
    assertThat(r.current().find(SignedZone.APEX).signatures()).isNotNull();
    java.nio.file.Files.writeString(file, signedText(true) + "; a comment, the same serial\n");
    io.wadns.reload.ReloadResult again = r.reload();
    assertThat(again.ok()).isTrue();
    java.nio.file.Files.writeString(file, signedText(true) + "late.example.test. 300 IN A 192.0.2.99\n");
    again = r.reload();
    assertThat(again.problems()).anyMatch(p -> p.toString().contains("serial") && p.toString().contains("did not"
        + " change"));
  }

  @Test
  void anNsec3ChainThatIsNotTheZonesIsServedAsDataWithTheReason() {
    // A record added at a new name after signing: the chain lacks its hash
    String text = signedText(true) + "late.example.test. 300 IN A 192.0.2.99\n";
    ForeignSignatures.Served served = served(text, Signatures.DURING);
    assertThat(served.zone().signatures()).isNull();
    assertThat(served.warning()).contains("its NSEC3 chain lacks").contains("signed before names were added");
    // an NSEC3PARAM that names other parameters than the chain's
    String salted = signedText(true).replaceAll("(IN\\s+NSEC3PARAM\\s+1\\s+0\\s+)0\\s+-", "$15 AABB");
    assertThat(salted).isNotEqualTo(signedText(true));
    served = served(salted, Signatures.DURING);
    assertThat(served.zone().signatures()).isNull();
    assertThat(served.warning()).contains("has other parameters than the NSEC3PARAM");
    // served as data, the hashed owners are names as before
    Zone asData = served.zone();
    assertThat(asData.node(asData.data().name(asData.data().nsec3Owners(asData.data().find(SignedZone.APEX))
        .nextSetBit(0)))).isNotNull();
  }

  @Test
  void anNsec3ChainWithASaltAndIterationsIsServedAndEveryAnswerValidates() throws IOException {
    // Knot signs with an 8-octet salt by default; older signers used extra iterations too.
    String text = SignedZone.sign(key, Nsec3Hash.of(10, HexFormat.of().parseHex("0123456789abcdef")),
        Signatures.INCEPTION, Signatures.EXPIRATION);
    assertThat(text).contains("NSEC3PARAM\t1 0 10 0123456789ABCDEF");
    ForeignSignatures.Served served = served(text, Signatures.DURING);
    assertThat(served.zone().signatures()).isNotNull();
    assertThat(served.warning()).contains("10 extra iterations").contains("RFC 9276 §3.1 asks for 0");
    ValidatingResolver v = validator(served.zone());
    assertSecure(ask(v, "", Type.NSEC3PARAM), Rcode.NOERROR);
    assertEveryKindSecure(v);

    String saltOnly = SignedZone.sign(key, Nsec3Hash.of(0, new byte[] {(byte) 0xAB, (byte) 0xCD}),
        Signatures.INCEPTION, Signatures.EXPIRATION);
    served = served(saltOnly, Signatures.DURING);
    assertThat(served.zone().signatures()).isNotNull();
    assertThat(served.warning()).isNull();
    assertEveryKindSecure(validator(served.zone()));
  }

  @Test
  void anNsec3ChainWhoseSaltIsNotTheNsec3paramsIsServedAsData() {
    // The same iterations, another salt in the NSEC3PARAM than in the chain's records
    String text = SignedZone.sign(key, Nsec3Hash.of(0, new byte[] {(byte) 0xAB, (byte) 0xCD}), Signatures.INCEPTION,
        Signatures.EXPIRATION);
    String otherSalt = text.replaceAll("(NSEC3PARAM\\s+1\\s+0\\s+0\\s+)ABCD", "$1ABCE");
    assertThat(otherSalt).isNotEqualTo(text);
    ForeignSignatures.Served served = served(otherSalt, Signatures.DURING);
    assertThat(served.zone().signatures()).isNull();
    assertThat(served.warning()).contains("has other parameters than the NSEC3PARAM");
  }

  @Test
  void anNsec3ChainWithMoreIterationsThanValidatorsAcceptIsServedAsData() {
    String text = SignedZone.sign(key, Nsec3Hash.of(Nsec3Hash.MAX_ITERATIONS + 1, null), Signatures.INCEPTION,
        Signatures.EXPIRATION);
    ForeignSignatures.Served served = served(text, Signatures.DURING);
    assertThat(served.zone().signatures()).isNull();
    assertThat(served.warning()).contains("151 extra iterations, more than the 150 served here");
    text = SignedZone.sign(key, Nsec3Hash.of(Nsec3Hash.MAX_ITERATIONS, null), Signatures.INCEPTION,
        Signatures.EXPIRATION);
    assertThat(served(text, Signatures.DURING).zone().signatures()).isNotNull();
  }

  @Test
  void aBrokenChainIsNotServedAsProofs() {
    String text = without(signedText(false), l -> l.startsWith("www.example.test.") && l.contains("\tNSEC\t"));
    ForeignSignatures.Served served = served(text, Signatures.DURING);
    assertThat(served.zone().signatures()).isNull();
    assertThat(served.warning()).contains("its NSEC chain is broken");
  }

  @Test
  void aBitmapThatDisagreesWithTheZoneIsNotServed() {
    // A record added after signing: the NSEC of www lists no TXT, so it would deny what the zone answers.
    String text = signedText(false) + "www.example.test. 300 IN TXT \"added later\"\n";
    ForeignSignatures.Served served = served(text, Signatures.DURING);
    assertThat(served.zone().signatures()).isNull();
    assertThat(served.warning()).contains("the NSEC of www.example.test. lists");
  }

  @Test
  void aZoneWithoutRrsigsOrSignedHereIsLeftAlone() throws IOException {
    Zone plain = load(TestZones.exampleCom("www A 192.0.2.1\n"));
    ForeignSignatures.Served served = ForeignSignatures.serve(plain, Signatures.DURING);
    assertThat(served.zone()).isSameAs(plain);
    assertThat(served.warning()).isNull();
    ZoneSignerTest.keys();
    Zone signedHere = ZoneSigner.sign(ZoneSignerTest.zone(), ZoneSignerTest.cskOnly(), SigningPolicy.DEFAULT,
        ZoneSignerTest.NOW);
    assertThat(ForeignSignatures.serve(signedHere, ZoneSignerTest.NOW).zone()).isSameAs(signedHere);
  }

  static String without(String text, java.util.function.Predicate<String> line) {
    List<String> kept = new ArrayList<>();
    int removed = 0;
    for (String l : text.split("\n")) {
      if (line.test(l)) {
        removed++;
      } else {
        kept.add(l);
      }
    }
    assertThat(removed).as("lines removed").isEqualTo(1);
    return String.join("\n", kept) + "\n";
  }

  static Name name(String s) {
    return Name.fromConstantString(s);
  }
}
