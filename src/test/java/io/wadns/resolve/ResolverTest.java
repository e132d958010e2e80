package io.wadns.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.testing.FixedRandomness;
import io.wadns.testing.Sections;
import io.wadns.testing.TestZones;
import io.wadns.zone.ZoneSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/** Resolver behaviour on ordinary zones: a table of queries and the sections they must produce. */
class ResolverTest {
  static final String PARENT = """
      $ORIGIN example.com.
      $TTL 3600
      @        IN SOA ns1 hostmaster 1 7200 900 1209600 300
      @        NS    ns1
      @        NS    ns2.example.net.
      @        MX    10 mail
      @        TXT   "apex"
      ns1      A     192.0.2.53
      mail     A     192.0.2.25
      mail     AAAA  2001:db8::25
      www      A     192.0.2.1
      alias    CNAME www
      chain1   CNAME chain2
      chain2   CNAME alias
      loop1    CNAME loop2
      loop2    CNAME loop1
      dangling CNAME nothere
      out      CNAME www.example.net.
      tochild  CNAME host.child
      a.b.ent  A     192.0.2.7
      *.wild   A     192.0.2.9
      *.wild   MX    10 mail
      x.wild   TXT   "exists"
      y.sub.wild A   192.0.2.10
      *.wc     CNAME www
      dn       DNAME example.net.
      dn2      DNAME inner
      host.inner A   192.0.2.11
      deleg    NS    ns.deleg
      deleg    NS    ns.example.net.
      deleg    DS    12345 8 2 49FD46E6C4B45C55D4AC69CBD3CD34AC1AFE51DE8C5AC1C7A4C7A7F5E29B1C5E
      ns.deleg A     192.0.2.99
      hidden.deleg TXT "occluded"
      *.deleg  A     192.0.2.98
      child    NS    ns1.child
      child    DS    54321 8 2 49FD46E6C4B45C55D4AC69CBD3CD34AC1AFE51DE8C5AC1C7A4C7A7F5E29B1C5E
      ns1.child A    192.0.2.100
      _sip._tcp SRV  0 5 5060 mail
      c1 CNAME c2
      c2 CNAME c3
      c3 CNAME c4
      c4 CNAME c5
      c5 CNAME c6
      c6 CNAME c7
      c7 CNAME c8
      c8 CNAME c9
      c9 CNAME c10
      c10 A 192.0.2.12
      """;
  static final String CHILD = """
      $ORIGIN child.example.com.
      @        60 IN SOA ns1 hostmaster 7 7200 900 1209600 600
      @        60 NS  ns1
      ns1      60 A   192.0.2.100
      host     60 A   192.0.2.101
      """;

  static final String SOA = "example.com. 300 SOA ns1.example.com. hostmaster.example.com. 1 7200 900 1209600 300";
  static final String CHILD_SOA =
      "child.example.com. 60 SOA ns1.child.example.com. hostmaster.child.example.com. 7 7200 900 1209600 600";

  static Resolver resolver;

  @BeforeAll
  static void load() {
    // hidden.deleg is occluded on purpose, so the parent zone loads with a warning
    ZoneSet zones = TestZones.parseAllowingWarnings("example.com.zone", PARENT, "child.example.com.zone", CHILD);
    resolver = new Resolver(() -> zones, new FixedRandomness());
  }

  record Case(String qname, int qtype, int rcode, boolean aa, List<String> answer, List<String> authority,
      List<String> additional) {}

  static Case ok(String qname, int qtype, List<String> answer) {
    return new Case(qname, qtype, Rcode.NOERROR, true, answer, List.of(), List.of());
  }

  static Stream<Arguments> table() {
    return Stream.of(
        Arguments.of("answerIsAuthoritative", ok("www.example.com.", Type.A,
            List.of("www.example.com. 3600 A 192.0.2.1"))),
        Arguments.of("lookupIgnoresCase", ok("WwW.ExAmple.COM.", Type.A,
            List.of("www.example.com. 3600 A 192.0.2.1"))),
        Arguments.of("missingTypeIsNoDataWithNegativeSoa", new Case("www.example.com.", Type.AAAA,
            Rcode.NOERROR, true, List.of(), List.of(SOA), List.of())),
        Arguments.of("missingNameIsNxdomainWithNegativeSoa", new Case("nothere.example.com.", Type.A,
            Rcode.NXDOMAIN, true, List.of(), List.of(SOA), List.of())),
        Arguments.of("emptyNonTerminalIsNoData", new Case("ent.example.com.", Type.A,
            Rcode.NOERROR, true, List.of(), List.of(SOA), List.of())),
        Arguments.of("deeperEmptyNonTerminalIsNoData", new Case("b.ent.example.com.", Type.TXT,
            Rcode.NOERROR, true, List.of(), List.of(SOA), List.of())),
        Arguments.of("nameInNoZoneIsRefusedWithoutAa", new Case("example.org.", Type.A,
            Rcode.REFUSED, false, List.of(), List.of(), List.of())),
        Arguments.of("parentOfZoneIsRefused", new Case("com.", Type.NS,
            Rcode.REFUSED, false, List.of(), List.of(), List.of())),
        Arguments.of("cnameIsFollowed", ok("alias.example.com.", Type.A, List.of(
            "alias.example.com. 3600 CNAME www.example.com.", "www.example.com. 3600 A 192.0.2.1"))),
        Arguments.of("cnameQueryReturnsCnameAlone", ok("alias.example.com.", Type.CNAME, List.of(
            "alias.example.com. 3600 CNAME www.example.com."))),
        Arguments.of("cnameChainIsFollowedToTheEnd", ok("chain1.example.com.", Type.A, List.of(
            "chain1.example.com. 3600 CNAME chain2.example.com.",
            "chain2.example.com. 3600 CNAME alias.example.com.",
            "alias.example.com. 3600 CNAME www.example.com.", "www.example.com. 3600 A 192.0.2.1"))),
        Arguments.of("cnameLoopEndsWhenANameRepeats", ok("loop1.example.com.", Type.A, List.of(
            "loop1.example.com. 3600 CNAME loop2.example.com.",
            "loop2.example.com. 3600 CNAME loop1.example.com."))),
        Arguments.of("cnameChainStopsAfterEightLinks", ok("c1.example.com.", Type.A, List.of(
            "c1.example.com. 3600 CNAME c2.example.com.", "c2.example.com. 3600 CNAME c3.example.com.",
            "c3.example.com. 3600 CNAME c4.example.com.", "c4.example.com. 3600 CNAME c5.example.com.",
            "c5.example.com. 3600 CNAME c6.example.com.", "c6.example.com. 3600 CNAME c7.example.com.",
            "c7.example.com. 3600 CNAME c8.example.com.", "c8.example.com. 3600 CNAME c9.example.com."))),
        Arguments.of("cnameToMissingNameTakesItsNxdomain", new Case("dangling.example.com.", Type.A,
            Rcode.NXDOMAIN, true, List.of("dangling.example.com. 3600 CNAME nothere.example.com."),
            List.of(SOA), List.of())),
        Arguments.of("cnameLeavingOurZonesStops", ok("out.example.com.", Type.A, List.of(
            "out.example.com. 3600 CNAME www.example.net."))),
        Arguments.of("cnameIntoChildZoneIsFollowed", ok("tochild.example.com.", Type.A, List.of(
            "tochild.example.com. 3600 CNAME host.child.example.com.",
            "host.child.example.com. 60 A 192.0.2.101"))),
        Arguments.of("wildcardSynthesizesWithQueryName", ok("foo.wild.example.com.", Type.A, List.of(
            "foo.wild.example.com. 3600 A 192.0.2.9"))),
        Arguments.of("wildcardCoversDeeperNames", ok("a.b.c.wild.example.com.", Type.A, List.of(
            "a.b.c.wild.example.com. 3600 A 192.0.2.9"))),
        Arguments.of("wildcardMxGetsAdditional", new Case("foo.wild.example.com.", Type.MX, Rcode.NOERROR,
            true, List.of("foo.wild.example.com. 3600 MX 10 mail.example.com."), List.of(),
            List.of("mail.example.com. 3600 A 192.0.2.25", "mail.example.com. 3600 AAAA 2001:db8:0:0:0:0:0:25"))),
        Arguments.of("wildcardWithoutTypeIsNoData", new Case("foo.wild.example.com.", Type.TXT,
            Rcode.NOERROR, true, List.of(), List.of(SOA), List.of())),
        Arguments.of("existingNameBlocksWildcard", new Case("x.wild.example.com.", Type.A,
            Rcode.NOERROR, true, List.of(), List.of(SOA), List.of())),
        Arguments.of("emptyNonTerminalBlocksWildcard", new Case("sub.wild.example.com.", Type.A,
            Rcode.NOERROR, true, List.of(), List.of(SOA), List.of())),
        Arguments.of("belowBlockingNodeWithoutWildcardIsNxdomain", new Case("z.sub.wild.example.com.",
            Type.A, Rcode.NXDOMAIN, true, List.of(), List.of(SOA), List.of())),
        Arguments.of("wildcardCnameIsFollowed", ok("q.wc.example.com.", Type.A, List.of(
            "q.wc.example.com. 3600 CNAME www.example.com.", "www.example.com. 3600 A 192.0.2.1"))),
        Arguments.of("dnameSynthesizesCname", ok("foo.dn.example.com.", Type.A, List.of(
            "dn.example.com. 3600 DNAME example.net.",
            "foo.dn.example.com. 3600 CNAME foo.example.net."))),
        Arguments.of("dnameTargetInsideZoneIsFollowed", ok("host.dn2.example.com.", Type.A, List.of(
            "dn2.example.com. 3600 DNAME inner.example.com.",
            "host.dn2.example.com. 3600 CNAME host.inner.example.com.",
            "host.inner.example.com. 3600 A 192.0.2.11"))),
        Arguments.of("dnameOwnerItselfIsNotRedirected", ok("dn.example.com.", Type.DNAME, List.of(
            "dn.example.com. 3600 DNAME example.net."))),
        Arguments.of("belowCutIsReferralWithGlue", new Case("x.deleg.example.com.", Type.A, Rcode.NOERROR,
            false, List.of(), List.of("deleg.example.com. 3600 NS ns.deleg.example.com.",
                "deleg.example.com. 3600 NS ns.example.net."),
            List.of("ns.deleg.example.com. 3600 A 192.0.2.99"))),
        Arguments.of("nsQueryAtCutIsReferral", new Case("deleg.example.com.", Type.NS, Rcode.NOERROR,
            false, List.of(), List.of("deleg.example.com. 3600 NS ns.deleg.example.com.",
                "deleg.example.com. 3600 NS ns.example.net."),
            List.of("ns.deleg.example.com. 3600 A 192.0.2.99"))),
        Arguments.of("occludedDataBelowCutIsAReferral", new Case("hidden.deleg.example.com.", Type.TXT,
            Rcode.NOERROR, false, List.of(), List.of("deleg.example.com. 3600 NS ns.deleg.example.com.",
                "deleg.example.com. 3600 NS ns.example.net."),
            List.of("ns.deleg.example.com. 3600 A 192.0.2.99"))),
        Arguments.of("occludedWildcardBelowCutIsAReferral", new Case("any.deleg.example.com.", Type.A,
            Rcode.NOERROR, false, List.of(), List.of("deleg.example.com. 3600 NS ns.deleg.example.com.",
                "deleg.example.com. 3600 NS ns.example.net."),
            List.of("ns.deleg.example.com. 3600 A 192.0.2.99"))),
        Arguments.of("dsAtCutIsAnsweredByParent", ok("deleg.example.com.", Type.DS, List.of(
            "deleg.example.com. 3600 DS 12345 8 2 49FD46E6C4B45C55D4AC69CBD3CD34AC1AFE51DE8C5AC1C7A4C7A7F5E29B1C5E"))),
        Arguments.of("dsBelowCutIsReferral", new Case("x.deleg.example.com.", Type.DS, Rcode.NOERROR,
            false, List.of(), List.of("deleg.example.com. 3600 NS ns.deleg.example.com.",
                "deleg.example.com. 3600 NS ns.example.net."),
            List.of("ns.deleg.example.com. 3600 A 192.0.2.99"))),
        Arguments.of("childZoneAnswersItsApex", ok("child.example.com.", Type.SOA, List.of(CHILD_SOA))),
        Arguments.of("childZoneAnswersItsNs", new Case("child.example.com.", Type.NS, Rcode.NOERROR, true,
            List.of("child.example.com. 60 NS ns1.child.example.com."), List.of(),
            List.of("ns1.child.example.com. 60 A 192.0.2.100"))),
        Arguments.of("dsAtChildApexComesFromParent", ok("child.example.com.", Type.DS, List.of(
            "child.example.com. 3600 DS 54321 8 2 49FD46E6C4B45C55D4AC69CBD3CD34AC1AFE51DE8C5AC1C7A4C7A7F5E29B1C5E"))),
        Arguments.of("deepestZoneAnswers", ok("host.child.example.com.", Type.A, List.of(
            "host.child.example.com. 60 A 192.0.2.101"))),
        Arguments.of("childNegativeTtlIsMinOfSoaTtlAndMinimum", new Case("nothere.child.example.com.",
            Type.A, Rcode.NXDOMAIN, true, List.of(), List.of(CHILD_SOA), List.of())),
        Arguments.of("mxAnswerAddsInZoneAddresses", new Case("example.com.", Type.MX, Rcode.NOERROR, true,
            List.of("example.com. 3600 MX 10 mail.example.com."), List.of(),
            List.of("mail.example.com. 3600 A 192.0.2.25", "mail.example.com. 3600 AAAA 2001:db8:0:0:0:0:0:25"))),
        Arguments.of("srvAnswerAddsInZoneAddresses", new Case("_sip._tcp.example.com.", Type.SRV,
            Rcode.NOERROR, true, List.of("_sip._tcp.example.com. 3600 SRV 0 5 5060 mail.example.com."),
            List.of(), List.of("mail.example.com. 3600 A 192.0.2.25",
                "mail.example.com. 3600 AAAA 2001:db8:0:0:0:0:0:25"))),
        Arguments.of("nsAnswerAddsInZoneAddressesOnly", new Case("example.com.", Type.NS, Rcode.NOERROR,
            true, List.of("example.com. 3600 NS ns1.example.com.", "example.com. 3600 NS ns2.example.net."),
            List.of(), List.of("ns1.example.com. 3600 A 192.0.2.53"))),
        Arguments.of("anyOverUdpGivesOneRrset", ok("www.example.com.", Type.ANY, List.of(
            "www.example.com. 3600 A 192.0.2.1"))),
        Arguments.of("anyOnMissingNameIsNxdomain", new Case("nothere.example.com.", Type.ANY,
            Rcode.NXDOMAIN, true, List.of(), List.of(SOA), List.of())),
        Arguments.of("anyOnCnameReturnsTheCname", ok("alias.example.com.", Type.ANY, List.of(
            "alias.example.com. 3600 CNAME www.example.com."))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void answers(String behaviour, Case c) throws Exception {
    Answer a = resolver.resolve(new Query(Name.fromString(c.qname()), c.qtype(), false));
    assertThat(Rcode.string(a.rcode())).as("rcode").isEqualTo(Rcode.string(c.rcode()));
    assertThat(a.authoritative()).as("AA").isEqualTo(c.aa());
    assertThat(Sections.text(a.answer())).as("answer").containsExactlyElementsOf(c.answer());
    assertThat(Sections.text(a.authority())).as("authority").containsExactlyInAnyOrderElementsOf(c.authority());
    assertThat(Sections.text(a.additional())).as("additional").containsExactlyInAnyOrderElementsOf(c.additional());
  }

  @Test
  void anyOverTcpGivesEveryRrset() throws Exception {
    Answer a = resolver.resolve(new Query(Name.fromString("example.com."), Type.ANY, true));
    assertThat(a.answer()).extracting(r -> Type.string(r.getType()))
        .containsExactlyInAnyOrder("SOA", "NS", "NS", "MX", "TXT");
  }

  @Test
  void wildcardAnswerKeepsTheQueryNamesCase() throws Exception {
    Name qname = Name.fromString("FoO.wild.example.com.");
    Answer a = resolver.resolve(new Query(qname, Type.A, false));
    assertThat(a.answer().get(0).getName().toString()).isEqualTo("FoO.wild.example.com.");
  }
}
