package io.wadns.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.testing.FixedRandomness;
import io.wadns.testing.Sections;
import io.wadns.testing.TestZones;
import io.wadns.weighted.Randomness;
import io.wadns.zone.ZoneSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** Weighted alias answers: which group, under which name, with which TTL, in which order. */
class WeightedAliasResolverTest {
  static final String ZONE = """
      $ORIGIN example.com.
      $TTL 3600
      @          IN SOA ns1 hostmaster 1 7200 900 1209600 300
      @          NS    ns1
      @          ALIAS 1 endpoint-a
      @          MX    10 www
      ns1        A     192.0.2.53
      endpoint-a 60 A  192.0.2.1
      endpoint-a 60 A  192.0.2.2
      endpoint-a 60 A  192.0.2.128
      endpoint-a 60 A  192.0.2.129
      endpoint-b 30 A  192.0.2.3
      endpoint-b 30 A  192.0.2.4
      endpoint-b 30 A  192.0.2.130
      endpoint-b 30 A  192.0.2.131
      endpoint-b 30 AAAA 2001:db8::3
      www        ALIAS 3 endpoint-a
      www        ALIAS 1 endpoint-b id=blue
      www        TXT   "text beside aliases"
      v4only     ALIAS 1 endpoint-a
      tree       ALIAS 1 www
      tree       ALIAS 1 endpoint-b
      zero       ALIAS 0 endpoint-a
      zero       ALIAS 0 endpoint-b
      big        60 A 192.0.2.10
      big        60 A 192.0.2.11
      big        60 A 192.0.2.12
      big        60 A 192.0.2.13
      big        60 A 192.0.2.14
      big        60 A 192.0.2.15
      multi      ALIAS 1 big max=2
      *.app      ALIAS 1 endpoint-b
      cn         CNAME www
      """;
  static final Set<String> GROUP_A = Set.of("192.0.2.1", "192.0.2.2", "192.0.2.128", "192.0.2.129");
  static final Set<String> GROUP_B = Set.of("192.0.2.3", "192.0.2.4", "192.0.2.130", "192.0.2.131");

  static ZoneSet zones;

  @BeforeAll
  static void load() {
    zones = TestZones.parse("example.com.zone", ZONE);
  }

  static Answer resolve(String qname, int qtype, Randomness random) throws Exception {
    return new Resolver(() -> zones, random).resolve(new Query(Name.fromString(qname), qtype, false));
  }

  static Set<String> addresses(List<Record> records) {
    return records.stream().filter(r -> r instanceof ARecord)
        .map(r -> ((ARecord) r).getAddress().getHostAddress()).collect(Collectors.toSet());
  }

  @Test
  void aQueryAnswersWithTheWholePickedGroupUnderTheQueryName() throws Exception {
    // weights 3:1 -> cumulative [3, 4]; a draw of 0..2 picks endpoint-a, 3 picks endpoint-b
    Answer a = resolve("www.example.com.", Type.A, new FixedRandomness(0));
    assertThat(a.rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(a.authoritative()).isTrue();
    assertThat(addresses(a.answer())).isEqualTo(GROUP_A);
    assertThat(a.answer()).allSatisfy(r -> {
      assertThat(r.getName()).isEqualTo(Name.fromString("www.example.com."));
      assertThat(r.getType()).isEqualTo(Type.A);
      assertThat(r.getTTL()).as("TTL comes from the target's records").isEqualTo(60);
    });
    assertThat(a.authority()).isEmpty();
  }

  @Test
  void drawAboveTheFirstWeightPicksTheSecondGroup() throws Exception {
    Answer a = resolve("www.example.com.", Type.A, new FixedRandomness(3));
    assertThat(addresses(a.answer())).isEqualTo(GROUP_B);
    assertThat(a.answer()).allSatisfy(r -> assertThat(r.getTTL()).isEqualTo(30));
  }

  @Test
  void addressesAreRotatedPerAnswer() throws Exception {
    // first draw picks the group, second the rotation
    Answer first = resolve("www.example.com.", Type.A, new FixedRandomness(0, 0));
    Answer second = resolve("www.example.com.", Type.A, new FixedRandomness(0, 2));
    List<String> a = Sections.text(first.answer());
    List<String> b = Sections.text(second.answer());
    assertThat(b).containsExactlyInAnyOrderElementsOf(a);
    assertThat(b).containsExactly(a.get(2), a.get(3), a.get(0), a.get(1));
  }

  @Test
  void aaaaPicksOnlyAmongTargetsThatHaveAaaa() throws Exception {
    for (int draw = 0; draw < 4; draw++) {
      Answer a = resolve("www.example.com.", Type.AAAA, new FixedRandomness(draw));
      assertThat(Sections.text(a.answer())).containsExactly("www.example.com. 30 AAAA 2001:db8:0:0:0:0:0:3");
    }
  }

  @Test
  void aaaaQueryOnIpv4OnlyGroupIsNoData() throws Exception {
    Answer a = resolve("v4only.example.com.", Type.AAAA, new FixedRandomness());
    assertThat(a.rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(a.answer()).isEmpty();
    assertThat(Sections.text(a.authority())).containsExactly(
        "example.com. 300 SOA ns1.example.com. hostmaster.example.com. 1 7200 900 1209600 300");
  }

  @Test
  void otherTypesBesideAliasesAreAnsweredFromTheName() throws Exception {
    Answer a = resolve("www.example.com.", Type.TXT, new FixedRandomness());
    assertThat(Sections.text(a.answer())).containsExactly("www.example.com. 3600 TXT \"text beside aliases\"");
  }

  @Test
  void aliasRecordsAreNeverReturned() throws Exception {
    Answer a = resolve("www.example.com.", 65300, new FixedRandomness());
    assertThat(a.rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(a.answer()).isEmpty();
    assertThat(a.authority()).hasSize(1);
  }

  @Test
  void apexAliasGivesTheApexAddresses() throws Exception {
    Answer a = resolve("example.com.", Type.A, new FixedRandomness());
    assertThat(addresses(a.answer())).isEqualTo(GROUP_A);
    assertThat(a.answer()).allSatisfy(r -> assertThat(r.getName()).isEqualTo(Name.fromString("example.com.")));
  }

  @Test
  void aliasTreeResolvesEachLevelByItsOwnWeights() throws Exception {
    // tree: 1:1 over www and endpoint-b; draw 0 -> www, then www draws 3 -> endpoint-b
    Answer viaWww = resolve("tree.example.com.", Type.A, new FixedRandomness(0, 3));
    assertThat(addresses(viaWww.answer())).isEqualTo(GROUP_B);
    Answer viaWwwToA = resolve("tree.example.com.", Type.A, new FixedRandomness(0, 0));
    assertThat(addresses(viaWwwToA.answer())).isEqualTo(GROUP_A);
    assertThat(viaWwwToA.answer()).allSatisfy(r ->
        assertThat(r.getName()).isEqualTo(Name.fromString("tree.example.com.")));
  }

  @Test
  void allZeroWeightsPickUniformly() throws Exception {
    assertThat(addresses(resolve("zero.example.com.", Type.A, new FixedRandomness(0)).answer())).isEqualTo(GROUP_A);
    assertThat(addresses(resolve("zero.example.com.", Type.A, new FixedRandomness(1)).answer())).isEqualTo(GROUP_B);
  }

  @Test
  void maxAnswersWithThatManyConsecutiveAddressesFromARandomStart() throws Exception {
    Random random = new Random(7);
    Set<String> seen = new HashSet<>();
    Set<Set<String>> answers = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      Answer a = resolve("multi.example.com.", Type.A, random::nextInt);
      Set<String> got = addresses(a.answer());
      assertThat(a.answer()).hasSize(2);
      assertThat(got).hasSize(2).isSubsetOf("192.0.2.10", "192.0.2.11", "192.0.2.12", "192.0.2.13",
          "192.0.2.14", "192.0.2.15");
      seen.addAll(got);
      answers.add(got);
    }
    assertThat(seen).as("every address gets its turn").hasSize(6);
    assertThat(answers).as("six windows of two, wrapping: as many answers as addresses").hasSize(6)
        .contains(Set.of("192.0.2.15", "192.0.2.10"));
  }

  @Test
  void wildcardAliasAnswersUnderTheQueryName() throws Exception {
    Answer a = resolve("Shop.App.example.com.", Type.A, new FixedRandomness());
    assertThat(addresses(a.answer())).isEqualTo(GROUP_B);
    assertThat(a.answer()).allSatisfy(r -> assertThat(r.getName().toString()).isEqualTo("Shop.App.example.com."));
  }

  @Test
  void cnameToAliasGivesTheCnameThenTheAliasAnswer() throws Exception {
    Answer a = resolve("cn.example.com.", Type.A, new FixedRandomness(0));
    assertThat(Sections.text(a.answer()).get(0)).isEqualTo("cn.example.com. 3600 CNAME www.example.com.");
    assertThat(addresses(a.answer().subList(1, a.answer().size()))).isEqualTo(GROUP_A);
  }

  @Test
  void mxTargetWithAliasGetsAliasAddressesInAdditional() throws Exception {
    Answer a = resolve("example.com.", Type.MX, new FixedRandomness(0));
    assertThat(addresses(a.additional())).isEqualTo(GROUP_A);
  }

  @Test
  void aliasOwnerWithoutTypeSpecificDataIsNoDataNotNxdomain() throws Exception {
    Answer a = resolve("v4only.example.com.", Type.MX, new FixedRandomness());
    assertThat(a.rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(a.answer()).isEmpty();
  }
}
