package io.wadns.dnssec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.wadns.health.AddressHealth;
import io.wadns.health.HealthRegistry;
import io.wadns.health.HealthView;
import io.wadns.health.ProbeResult;
import io.wadns.protocol.Responder;
import io.wadns.protocol.Transport;
import io.wadns.resolve.Resolver;
import io.wadns.weighted.Randomness;
import io.wadns.zone.Zone;
import io.wadns.zone.ZoneSet;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import org.xbill.DNS.dnssec.ValidatingResolver;

/**
 * Answers of a signed zone, weighted ones included, as dnsjava's validating resolver sees them with the
 * zone's DS as its trust anchor: every kind of answer comes back secure (AD), none needs a signature made
 * on the query.
 */
class SignedAnswersTest {
  @BeforeAll
  static void keys() {
    ZoneSignerTest.keys();
  }

  /**
   * The CHECKED zone signed, its health checks in {@code registry}, and, as serve does, each new view
   * published only once what it serves of the signed zone is signed.
   */
  private static Zone signedCheckedZone(HealthRegistry registry) throws IOException {
    Zone zone = io.wadns.testing.TestZones.parse(registry.keys(), "example.com.zone", CHECKED).zones().get(0);
    registry.publish(zone.healthChecks());
    Zone signed = ZoneSigner.sign(zone, ZoneSignerTest.cskOnly(), SigningPolicy.DEFAULT, ZoneSignerTest.NOW);
    registry.beforePublish(view -> signed.signatures().prepare(signed, view));
    return signed;
  }

  private static Name name(String s) {
    return Name.fromConstantString(s);
  }

  /** An upstream that hands the query's bytes, with DO, to wadns' responder and parses its reply. */
  static final class InProcess extends InProcessResolver {
    private final Responder responder;

    InProcess(Responder responder) {
      this.responder = responder;
    }

    @Override
    public CompletionStage<Message> sendAsync(Message query, Executor executor) {
      Message q = query.clone();
      if (q.getOPT() == null) {
        q.addRecord(new OPTRecord(1232, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL);
      }
      byte[] reply = responder.respond(q.toWire(), Transport.TCP);
      try {
        return CompletableFuture.completedFuture(new Message(reply));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** wadns' responder over {@code signed} alone, every address up. */
  static Responder responderOf(Zone signed) {
    return new Responder(new Resolver(() -> new ZoneSet(List.of(signed)), Randomness.threadLocal()));
  }

  /** A query for {@code name}/{@code type} with an OPT of {@code payload} octets and EDNS {@code flags} (DO or 0). */
  static Message query(Name name, int type, int payload, int flags) {
    Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
    query.addRecord(new OPTRecord(payload, 0, 0, flags), Section.ADDITIONAL);
    return query;
  }

  static ValidatingResolver validator(boolean nsec3) throws IOException {
    Zone signed = ZoneSigner.sign(ZoneSignerTest.zone(), ZoneSignerTest.cskOnly(),
        SigningPolicy.DEFAULT.withNsec3(nsec3), ZoneSignerTest.NOW);
    return checkedValidator(signed, () -> HealthView.ALL_UP);
  }

  static Message ask(ValidatingResolver validator, String qname, int type) throws IOException {
    return validator.send(Message.newQuery(Record.newRecord(name(qname), type, DClass.IN)));
  }

  static void assertSecure(Message response, int rcode) {
    assertThat(response.getHeader().getFlag(Flags.AD)).as("%s", response).isTrue();
    assertThat(response.getRcode()).as("%s", response).isEqualTo(rcode);
  }

  @ParameterizedTest(name = "NSEC3 {0}")
  @ValueSource(booleans = {false, true})
  void everyKindOfAnswerValidates(boolean nsec3) throws IOException {
    ValidatingResolver v = validator(nsec3);
    assertSecure(ask(v, "example.com.", Type.DNSKEY), Rcode.NOERROR);
    assertSecure(ask(v, "example.com.", Type.A), Rcode.NOERROR); // an apex alias
    assertSecure(ask(v, "www.example.com.", Type.AAAA), Rcode.NOERROR);
    assertSecure(ask(v, "www.example.com.", Type.TXT), Rcode.NOERROR);
    assertSecure(ask(v, "www.example.com.", Type.MX), Rcode.NOERROR); // NODATA at a weighted name
    assertSecure(ask(v, "host.wild.example.com.", Type.A), Rcode.NOERROR); // a wildcard alias
    assertSecure(ask(v, "host.txt.example.com.", Type.TXT), Rcode.NOERROR); // a wildcard
    assertSecure(ask(v, "host.txt.example.com.", Type.MX), Rcode.NOERROR); // wildcard NODATA
    assertSecure(ask(v, "nothing.example.com.", Type.A), Rcode.NXDOMAIN);
    assertSecure(ask(v, "nonterminal.example.com.", Type.A), Rcode.NOERROR); // an empty non-terminal
    assertSecure(ask(v, "ftp.example.com.", Type.A), Rcode.NOERROR); // a CNAME into a weighted name
    assertSecure(ask(v, "sub.example.com.", Type.DS), Rcode.NOERROR); // no DS at an unsigned delegation
    assertSecure(ask(v, "secure.example.com.", Type.DS), Rcode.NOERROR);
    assertSecure(ask(v, "a.moved.example.com.", Type.A), Rcode.NOERROR); // DNAME
  }

  @Test
  void aWeightedNameValidatesWhicheverGroupAnswers() throws IOException {
    ValidatingResolver v = validator(false);
    Set<String> groups = new HashSet<>();
    for (int i = 0; i < 60; i++) {
      Message m = ask(v, "www.example.com.", Type.A);
      assertSecure(m, Rcode.NOERROR);
      groups.add(m.getSection(Section.ANSWER).stream().filter(r -> r.getType() == Type.A)
          .map(r -> r.rdataToString()).sorted().toList().toString());
    }
    assertThat(groups).containsExactlyInAnyOrder("[192.0.2.1, 192.0.2.2]", "[192.0.2.3, 192.0.2.4, 192.0.2.5]");
  }

  static final String CHECKED = io.wadns.testing.TestZones.exampleCom("""
      pool-a 60 A 192.0.2.1
      pool-a 60 A 192.0.2.2
      pool-a 60 A 192.0.2.3
      pool-a HEALTHCHECK tcp port=443 interval=1 timeout=0.5 rise=1 fall=1
      big 60 A 192.0.2.11
      big 60 A 192.0.2.12
      big 60 A 192.0.2.13
      big 60 A 192.0.2.14
      www ALIAS 1 pool-a
      some ALIAS 1 big max=2
      api A 192.0.2.21
      api A 192.0.2.22
      api HEALTHCHECK tcp port=443 interval=1 timeout=0.5 rise=1 fall=1
      """);

  /** A validator over {@code signed}, answering with the view {@code health} holds at each query. */
  static ValidatingResolver checkedValidator(Zone signed, java.util.function.Supplier<HealthView> health)
      throws IOException {
    ZoneSet zones = new ZoneSet(List.of(signed));
    Responder responder = new Responder(new Resolver(() -> zones, health, Randomness.threadLocal()));
    ValidatingResolver validator = new ValidatingResolver(new InProcess(responder),
        Clock.fixed(ZoneSignerTest.NOW.plusSeconds(600), ZoneOffset.UTC));
    validator.setAddReasonToAdditional(true);
    String anchor = ZoneSignerTest.csk.ds().withName(name("example.com.")).toString();
    validator.loadTrustAnchors(new ByteArrayInputStream(anchor.getBytes(StandardCharsets.US_ASCII)));
    return validator;
  }

  static Set<String> answered(ValidatingResolver v, String qname, int rounds) throws IOException {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < rounds; i++) {
      Message m = ask(v, qname, Type.A);
      assertSecure(m, Rcode.NOERROR);
      seen.add(m.getSection(Section.ANSWER).stream().filter(r -> r.getType() == Type.A)
          .map(Record::rdataToString).sorted().toList().toString());
    }
    return seen;
  }

  static void down(HealthRegistry registry, String address) {
    AddressHealth h = registry.all().stream().filter(a -> a.address().getHostAddress().equals(address))
        .findFirst().orElseThrow();
    h.record(new ProbeResult(false, "test")); // fall=1: one failure takes it out
    assertThat(h.isUp()).isFalse();
  }

  @Test
  void addressesHealthTakesOutAreLeftOutOfSignedAnswersThatStillValidate() throws IOException {
    HealthRegistry registry = new HealthRegistry(java.time.Clock.systemUTC());
    Zone signed = signedCheckedZone(registry);
    ValidatingResolver v = checkedValidator(signed, registry::view);
    assertThat(answered(v, "www.example.com.", 5)).containsExactly("[192.0.2.1, 192.0.2.2, 192.0.2.3]");
    down(registry, "192.0.2.2");
    down(registry, "192.0.2.21");
    assertThat(answered(v, "www.example.com.", 10)).containsExactly("[192.0.2.1, 192.0.2.3]");
    assertThat(answered(v, "api.example.com.", 5)).containsExactly("[192.0.2.22]");
    // A view nothing was signed for (a version published while health changed): the whole group, valid.
    registry.beforePublish(view -> {});
    down(registry, "192.0.2.1");
    assertThat(answered(v, "www.example.com.", 5)).containsExactly("[192.0.2.1, 192.0.2.2, 192.0.2.3]");
  }

  @Test
  void maxAnswersAreWindowsSignedWithTheZone() throws IOException {
    Zone zone = io.wadns.testing.TestZones.parse("example.com.zone", CHECKED).zones().get(0);
    Zone signed = ZoneSigner.sign(zone, ZoneSignerTest.cskOnly(), SigningPolicy.DEFAULT, ZoneSignerTest.NOW);
    ValidatingResolver v = checkedValidator(signed, () -> HealthView.ALL_UP);
    // Four windows of two consecutive addresses, wrapping: as many answers as addresses, each signed ahead.
    assertThat(answered(v, "some.example.com.", 60)).containsExactlyInAnyOrder("[192.0.2.11, 192.0.2.12]",
        "[192.0.2.12, 192.0.2.13]", "[192.0.2.13, 192.0.2.14]", "[192.0.2.11, 192.0.2.14]");
  }

  static final String ODD = io.wadns.testing.TestZones.exampleCom("""
      www A 192.0.2.1
      x.*.w2 A 192.0.2.8
      old NSEC www.example.com. A RRSIG NSEC
      deeper.old2 NSEC www.example.com. A RRSIG NSEC
      sub NS ns.sub
      sub A 192.0.2.9
      ns.sub A 192.0.2.10
      """);

  static ValidatingResolver validatorOf(String text, boolean nsec3) throws IOException {
    Zone zone = io.wadns.testing.TestZones.parseAllowingWarnings("example.com.zone", text).zones().get(0);
    Zone signed = ZoneSigner.sign(zone, ZoneSignerTest.cskOnly(), SigningPolicy.DEFAULT.withNsec3(nsec3),
        ZoneSignerTest.NOW);
    return checkedValidator(signed, () -> HealthView.ALL_UP);
  }

  @ParameterizedTest(name = "NSEC3 {0}")
  @ValueSource(booleans = {false, true})
  void oddNamesValidate(boolean nsec3) throws IOException {
    ValidatingResolver v = validatorOf(ODD, nsec3);
    if (nsec3) {
      // A wildcard that is an empty non-terminal: NSEC3 holds it and proves the NODATA. NSEC cannot (the
      // wildcard owns no NSEC, and validators accept only an NSEC at the wildcard, RFC 4035 §5.4), so
      // there the answer is checked for its proof, not validated.
      assertSecure(ask(v, "q.w2.example.com.", Type.A), Rcode.NOERROR);
    } else {
      Zone zone = io.wadns.testing.TestZones.parseAllowingWarnings("example.com.zone", ODD).zones().get(0);
      Zone signed = ZoneSigner.sign(zone, ZoneSignerTest.cskOnly(), SigningPolicy.DEFAULT, ZoneSignerTest.NOW);
      Responder responder = responderOf(signed);
      Message query = query(name("q.w2.example.com."), Type.A, 1232, ExtendedFlags.DO);
      Message reply = new Message(responder.respond(query.toWire(), Transport.UDP));
      assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
      assertThat(reply.getSection(Section.AUTHORITY).stream().filter(r -> r.getType() == Type.NSEC)).hasSize(2);
    }
    assertSecure(ask(v, "old.example.com.", Type.A), Rcode.NOERROR); // a name with only DNSSEC records in the file
    assertSecure(ask(v, "old2.example.com.", Type.A), Rcode.NOERROR); // above such a name
    assertSecure(ask(v, "sub.example.com.", Type.DS), Rcode.NOERROR); // a cut with glue at its own name
    Message nsecQuery = ask(v, "www.example.com.", Type.NSEC);
    assertSecure(nsecQuery, Rcode.NOERROR);
    if (!nsec3) {
      assertThat(nsecQuery.getSection(Section.ANSWER)).anyMatch(r -> r.getType() == Type.NSEC);
    }
    Message rrsigQuery = ask(v, "www.example.com.", Type.RRSIG);
    assertThat(rrsigQuery.getRcode()).as("%s", rrsigQuery).isEqualTo(Rcode.NOERROR);
    assertThat(rrsigQuery.getSection(Section.ANSWER)).isNotEmpty().allMatch(r -> r.getType() == Type.RRSIG);
  }

  @Test
  void theNsecAtACutListsOnlyTheParentsTypes() {
    Zone zone = io.wadns.testing.TestZones.parseAllowingWarnings("example.com.zone", ODD).zones().get(0);
    Zone signed = ZoneSigner.sign(zone, ZoneSignerTest.cskOnly(), SigningPolicy.DEFAULT, ZoneSignerTest.NOW);
    org.xbill.DNS.NSECRecord atCut = (org.xbill.DNS.NSECRecord) signed.signatures()
        .insecureDelegation(name("sub.example.com.")).get(0);
    assertThat(atCut.hasType(Type.A)).isFalse(); // RFC 4034 §4.1.2: glue at the cut is not the parent's data
    assertThat(atCut.hasType(Type.NS)).isTrue();
  }

  @Test
  void partsOfOldViewsAreForgottenAndTheirAnswersSignedAgainWhenTheyReturn() throws IOException {
    HealthRegistry registry = new HealthRegistry(java.time.Clock.systemUTC());
    Zone signed = signedCheckedZone(registry);
    SignedRecords sigs = (SignedRecords) signed.signatures();
    int windows = sigs.partCount(); // the max= windows of the zone, signed with it
    assertThat(windows).isEqualTo(4);
    var www = signed.node(name("www.example.com.")).alias(Type.A);
    var pool = www.leaves().get(0);
    down(registry, "192.0.2.1");
    assertThat(sigs.ofGroupPart(www, pool, new int[] {1, 2})).isNotNull();
    assertThat(sigs.partCount()).as("www's part of pool-a, and pool-a's own checked RRset").isEqualTo(windows + 2);
    up(registry, "192.0.2.1"); // the view before still needs nothing new: kept with it
    assertThat(sigs.ofGroupPart(www, pool, new int[] {1, 2})).isNotNull();
    down(registry, "192.0.2.3");
    assertThat(sigs.ofGroupPart(www, pool, new int[] {1, 2})).as("two views old: forgotten").isNull();
    assertThat(sigs.ofGroupPart(www, pool, new int[] {0, 1})).isNotNull();
    assertThat(sigs.partCount()).isEqualTo(windows + 2);
    ValidatingResolver v = checkedValidator(signed, registry::view);
    assertThat(answered(v, "www.example.com.", 5)).containsExactly("[192.0.2.1, 192.0.2.2]");
  }

  static void up(HealthRegistry registry, String address) {
    AddressHealth h = registry.all().stream().filter(a -> a.address().getHostAddress().equals(address))
        .findFirst().orElseThrow();
    h.record(new ProbeResult(true, "test")); // rise=1
    assertThat(h.isUp()).isTrue();
  }

  @Test
  void additionalAddressesCarryTheirSignaturesButGlueDoesNot() throws IOException {
    Zone signed = ZoneSigner.sign(ZoneSignerTest.zone(), ZoneSignerTest.cskOnly(), SigningPolicy.DEFAULT,
        ZoneSignerTest.NOW);
    Responder responder = responderOf(signed);
    Message mx = query(name("example.com."), Type.MX, 1232, ExtendedFlags.DO);
    Message reply = new Message(responder.respond(mx.toWire(), Transport.UDP));
    List<Record> additional = reply.getSection(Section.ADDITIONAL);
    assertThat(additional).anyMatch(r -> r.getType() == Type.A && r.getName().equals(name("mail.example.com.")));
    RRSIGRecord sig = (RRSIGRecord) additional.stream().filter(r -> r.getType() == Type.RRSIG
        && r.getName().equals(name("mail.example.com."))).findFirst().orElseThrow();
    RRset mail = new RRset();
    additional.stream().filter(r -> r.getType() == Type.A && r.getName().equals(name("mail.example.com.")))
        .forEach(mail::addRR);
    assertThatCode(() -> org.xbill.DNS.DNSSEC.verify(mail, sig, ZoneSignerTest.csk.dnskey(), ZoneSignerTest.NOW))
        .doesNotThrowAnyException();
    Message referral = query(name("host.sub.example.com."), Type.A, 1232, ExtendedFlags.DO);
    Message r = new Message(responder.respond(referral.toWire(), Transport.UDP));
    assertThat(r.getSection(Section.ADDITIONAL)).anyMatch(x -> x.getType() == Type.A)
        .noneMatch(x -> x.getType() == Type.RRSIG);
  }

  @Test
  void truncationNeverSendsAnRrsetWithoutItsSignature() throws IOException {
    // A TXT set that fits in 512 octets alone, but not with its RRSIG.
    String big = "x".repeat(180);
    Zone zone = io.wadns.testing.TestZones.parse("example.com.zone", io.wadns.testing.TestZones.exampleCom(
        "big TXT \"" + big + "\" \"" + big + "\"\n")).zones().get(0);
    Zone signed = ZoneSigner.sign(zone, ZoneSignerTest.cskOnly(), SigningPolicy.DEFAULT, ZoneSignerTest.NOW);
    Responder responder = responderOf(signed);
    for (int payload : new int[] {512, 1232}) {
      Message query = query(name("big.example.com."), Type.TXT, payload, ExtendedFlags.DO);
      for (int round = 0; round < 2; round++) { // general path, then the answer cache
        byte[] wire = responder.respond(query.toWire(), Transport.UDP);
        Message reply = new Message(wire);
        List<Record> answer = reply.getSection(Section.ANSWER);
        long txt = answer.stream().filter(r -> r.getType() == Type.TXT).count();
        long sigs = answer.stream().filter(r -> r.getType() == Type.RRSIG).count();
        assertThat(wire.length).isLessThanOrEqualTo(payload);
        if (payload == 512) {
          assertThat(reply.getHeader().getFlag(Flags.TC)).as("payload %d", payload).isTrue();
          assertThat(txt).as("no TXT without its RRSIG").isEqualTo(sigs);
        } else {
          assertThat(reply.getHeader().getFlag(Flags.TC)).isFalse();
          assertThat(txt).isEqualTo(1);
          assertThat(sigs).isEqualTo(1);
        }
      }
    }
  }

  @Test
  void withoutDoNoSignatureIsServedAndTheDnskeyIsStillAnswered() throws IOException {
    Zone signed = ZoneSigner.sign(ZoneSignerTest.zone(), ZoneSignerTest.cskOnly(), SigningPolicy.DEFAULT,
        ZoneSignerTest.NOW);
    Responder responder = responderOf(signed);
    for (String q : List.of("www.example.com./A", "nothing.example.com./A", "mail.example.com./A", "example.com./DNSKEY")) {
      String[] parts = q.split("/");
      Message query = query(name(parts[0]), Type.value(parts[1]), 1232, 0);
      for (int round = 0; round < 2; round++) { // the second from the answer cache
        Message reply = new Message(responder.respond(query.toWire(), Transport.UDP));
        assertThat(reply.getSection(Section.ANSWER)).noneMatch(r -> r.getType() == Type.RRSIG);
        assertThat(reply.getSection(Section.AUTHORITY)).noneMatch(r -> r.getType() == Type.RRSIG || r.getType() == Type.NSEC);
        assertThat(reply.getOPT().getFlags() & ExtendedFlags.DO).isZero();
        if (parts[1].equals("DNSKEY")) {
          assertThat(reply.getSection(Section.ANSWER)).hasSize(1);
        }
      }
      Message withDo = query(name(parts[0]), Type.value(parts[1]), 1232, ExtendedFlags.DO);
      for (int round = 0; round < 2; round++) {
        Message reply = new Message(responder.respond(withDo.toWire(), Transport.UDP));
        assertThat(reply.getOPT().getFlags() & ExtendedFlags.DO).isNotZero(); // RFC 3225 §3: DO echoed
        assertThat(reply.getHeader().getFlag(Flags.AD)).isFalse(); // an authoritative server never sets AD
        assertThat(reply.getSection(Section.ANSWER).stream().anyMatch(r -> r.getType() == Type.RRSIG)
            || reply.getSection(Section.AUTHORITY).stream().anyMatch(r -> r.getType() == Type.RRSIG)).isTrue();
      }
    }
  }
}
