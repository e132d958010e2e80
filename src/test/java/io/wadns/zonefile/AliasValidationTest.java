package io.wadns.zonefile;

import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.testing.TestZones;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every load-time error of weighted alias records, with the file, line and message it gives. */
class AliasValidationTest {
  static final String HEAD = """
      $ORIGIN example.com.
      $TTL 3600
      @ IN SOA ns1 hostmaster 1 7200 900 1209600 300
      @ NS ns1
      ns1 A 192.0.2.53
      a   A 192.0.2.1
      b   A 192.0.2.2
      """; // lines 1-7; groups a and b

  @TempDir Path dir;

  List<String> problems(String body) {
    return TestZones.problems(dir, "example.com.zone", HEAD + body);
  }

  @Test
  void validWeightedSetWithDifferentTtlsLoads() {
    assertThat(problems("www 60 ALIAS 1 a\nwww 300 ALIAS 2 b evaluate-target-health=no max=2 id=blue\n"))
        .isEmpty();
  }

  @Test
  void missingTarget() {
    assertThat(problems("www ALIAS 1 nowhere\n")).containsExactly(
        "example.com.zone:8: ALIAS target nowhere.example.com. does not exist in zone example.com.");
  }

  @Test
  void targetOutsideTheZone() {
    assertThat(problems("www ALIAS 1 lb.example.net.\n")).containsExactly(
        "example.com.zone:8: ALIAS target lb.example.net. is outside the zone example.com.");
  }

  @Test
  void targetWithoutAddressesOrAliases() {
    assertThat(problems("txt TXT \"x\"\nwww ALIAS 1 txt\n")).containsExactly(
        "example.com.zone:9: ALIAS target txt.example.com. has no A, AAAA or ALIAS records");
  }

  @Test
  void aliasBesideA() {
    assertThat(problems("www A 192.0.2.9\nwww ALIAS 1 a\n")).containsExactly(
        "example.com.zone:9: ALIAS at www.example.com. beside A (line 8); a name gets its addresses"
            + " from its own records or from its aliases, not both");
  }

  @Test
  void aliasBesideAaaa() {
    assertThat(problems("www ALIAS 1 a\nwww AAAA 2001:db8::1\n")).containsExactly(
        "example.com.zone:8: ALIAS at www.example.com. beside AAAA (line 9); a name gets its addresses"
            + " from its own records or from its aliases, not both");
  }

  @Test
  void aliasBesideCname() {
    assertThat(problems("www ALIAS 1 a\nwww CNAME b\n")).containsExactly(
        "example.com.zone:8: ALIAS at www.example.com. beside CNAME (line 9); a name gets its addresses"
            + " from its own records or from its aliases, not both");
  }

  @Test
  void aliasLoop() {
    assertThat(problems("x ALIAS 1 y\ny ALIAS 1 z\nz ALIAS 1 x\n")).containsExactly(
        "example.com.zone:8: alias loop: x.example.com. -> y.example.com. -> z.example.com. -> x.example.com.");
  }

  @Test
  void aliasPointingAtItself() {
    assertThat(problems("x ALIAS 1 x\n")).containsExactly(
        "example.com.zone:8: ALIAS at x.example.com. points at itself");
  }

  @Test
  void treeDeeperThanFourLevels() {
    assertThat(problems("l1 ALIAS 1 l2\nl2 ALIAS 1 l3\nl3 ALIAS 1 l4\nl4 ALIAS 1 l5\nl5 ALIAS 1 a\n"))
        .containsExactly("example.com.zone:8: alias tree at l1.example.com. is 5 levels deep; at most 4 are allowed");
  }

  @Test
  void treeOfFourLevelsLoads() {
    assertThat(problems("l1 ALIAS 1 l2\nl2 ALIAS 1 l3\nl3 ALIAS 1 l4\nl4 ALIAS 1 a\n")).isEmpty();
  }

  @Test
  void weightAbove255() {
    assertThat(problems("www ALIAS 256 a\n")).containsExactly(
        "example.com.zone:8: ALIAS weight '256' must be an integer from 0 to 255");
  }

  @Test
  void weightNotANumber() {
    assertThat(problems("www ALIAS heavy a\n")).containsExactly(
        "example.com.zone:8: ALIAS weight 'heavy' must be an integer from 0 to 255");
  }

  @Test
  void negativeWeight() {
    assertThat(problems("www ALIAS -1 a\n")).containsExactly(
        "example.com.zone:8: ALIAS weight '-1' must be an integer from 0 to 255");
  }

  @Test
  void unknownOption() {
    assertThat(problems("www ALIAS 1 a colour=red\n")).containsExactly(
        "example.com.zone:8: unknown ALIAS option 'colour' (known: evaluate-target-health, max, id)");
  }

  @Test
  void badHealthOption() {
    assertThat(problems("www ALIAS 1 a evaluate-target-health=maybe\n")).containsExactly(
        "example.com.zone:8: ALIAS record: evaluate-target-health must be yes or no, not 'maybe'");
  }

  @Test
  void badMaxOption() {
    assertThat(problems("www ALIAS 1 a max=0\n")).containsExactly(
        "example.com.zone:8: ALIAS record: max must be an integer from 1 to 64, not '0'");
  }

  @Test
  void optionWithoutValue() {
    assertThat(problems("www ALIAS 1 a max\n")).containsExactly(
        "example.com.zone:8: ALIAS option 'max' must be key=value");
  }

  @Test
  void optionGivenTwice() {
    assertThat(problems("www ALIAS 1 a max=2 max=3\n")).containsExactly(
        "example.com.zone:8: ALIAS option 'max' given twice");
  }

  @Test
  void sameTargetTwice() {
    assertThat(problems("www ALIAS 1 a\nwww ALIAS 2 a\n")).containsExactly(
        "example.com.zone:9: ALIAS target a.example.com. listed twice at www.example.com.");
  }

  @Test
  void aliasAtADelegation() {
    assertThat(problems("sub NS ns.example.net.\nsub ALIAS 1 a\n")).containsExactly(
        "example.com.zone:9: ALIAS at sub.example.com., a delegation point: queries there get a referral");
  }

  @Test
  void targetBelowADelegation() {
    assertThat(problems("sub NS ns.sub\nns.sub A 192.0.2.9\nwww ALIAS 1 ns.sub\n")).containsExactly(
        "example.com.zone:10: ALIAS target ns.sub.example.com. is at or below the delegation at sub.example.com.");
  }

  @Test
  void aliasWithoutTarget() {
    assertThat(problems("www ALIAS 1\nok A 192.0.2.3\n")).containsExactly(
        "example.com.zone:8: ALIAS record: expected a name");
  }
}
