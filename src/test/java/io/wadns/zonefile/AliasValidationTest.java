package io.wadns.zonefile;

import static io.wadns.testing.TestZones.row;
import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.testing.TestZones;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every load-time error of weighted alias records, with the file, line and message it gives. */
class AliasValidationTest {
  /** Lines 6 and 7, after the shared head: the groups a and b that aliases point at. */
  static final String GROUPS = """
      a   A 192.0.2.1
      b   A 192.0.2.2
      """;

  /** {@code n} groups t0, t1... of one address each, and an alias of www to each: 2n lines. */
  static String manyAliases(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append('t').append(i).append(" A 192.0.2.").append(10 + i).append("\nwww ALIAS 1 t").append(i).append('\n');
    }
    return sb.toString();
  }

  /** Alias lines from line 8 on, and the problems of the zone as {@code LINE: message}. */
  static Stream<Arguments> aliasZones() {
    return Stream.of(
        row("validWeightedSetWithDifferentTtlsLoads",
            "www 60 ALIAS 1 a\nwww 300 ALIAS 2 b evaluate-target-health=no max=2 id=blue\n"),
        row("missingTarget", "www ALIAS 1 nowhere\n",
            "8: ALIAS target nowhere.example.com. does not exist in zone example.com."),
        row("eachOwnersTargetsAreItsOwn", "v ALIAS 1 a\nv ALIAS 1 nowhere\ntxt TXT \"x\"\nw ALIAS 1 b\nw ALIAS 1 txt\n",
            "9: ALIAS target nowhere.example.com. does not exist in zone example.com.",
            "12: ALIAS target txt.example.com. has no A, AAAA or ALIAS records"),
        row("targetOutsideTheZone", "www ALIAS 1 lb.example.net.\n",
            "8: ALIAS target lb.example.net. is outside the zone example.com."),
        row("targetWithoutAddressesOrAliases", "txt TXT \"x\"\nwww ALIAS 1 txt\n",
            "9: ALIAS target txt.example.com. has no A, AAAA or ALIAS records"),
        row("aliasBesideA", "www A 192.0.2.9\nwww ALIAS 1 a\n",
            "9: ALIAS at www.example.com. beside A (line 8); a name gets its addresses"
                + " from its own records or from its aliases, not both"),
        row("aliasBesideAaaa", "www ALIAS 1 a\nwww AAAA 2001:db8::1\n",
            "8: ALIAS at www.example.com. beside AAAA (line 9); a name gets its addresses"
                + " from its own records or from its aliases, not both"),
        row("aliasBesideCname", "www ALIAS 1 a\nwww CNAME b\n",
            "8: ALIAS at www.example.com. beside CNAME (line 9); a name gets its addresses"
                + " from its own records or from its aliases, not both"),
        row("aliasLoop", "x ALIAS 1 y\ny ALIAS 1 z\nz ALIAS 1 x\n",
            "8: alias loop: x.example.com. -> y.example.com. -> z.example.com. -> x.example.com."),
        row("aliasPointingAtItself", "x ALIAS 1 x\n",
            "8: ALIAS at x.example.com. points at itself"),
        row("treeDeeperThanFourLevels", "l1 ALIAS 1 l2\nl2 ALIAS 1 l3\nl3 ALIAS 1 l4\nl4 ALIAS 1 l5\nl5 ALIAS 1 a\n",
            "8: alias tree at l1.example.com. is 5 levels deep; at most 4 are allowed"),
        row("treeOfFourLevelsLoads", "l1 ALIAS 1 l2\nl2 ALIAS 1 l3\nl3 ALIAS 1 l4\nl4 ALIAS 1 a\n"),
        row("weightAbove255", "www ALIAS 256 a\n",
            "8: ALIAS weight '256' must be an integer from 0 to 255"),
        row("weightNotANumber", "www ALIAS heavy a\n",
            "8: ALIAS weight 'heavy' must be an integer from 0 to 255"),
        row("negativeWeight", "www ALIAS -1 a\n",
            "8: ALIAS weight '-1' must be an integer from 0 to 255"),
        row("unknownOption", "www ALIAS 1 a colour=red\n",
            "8: unknown ALIAS option 'colour' (known: evaluate-target-health, max, id)"),
        row("badHealthOption", "www ALIAS 1 a evaluate-target-health=maybe\n",
            "8: ALIAS record: evaluate-target-health must be yes or no, not 'maybe'"),
        row("badMaxOption", "www ALIAS 1 a max=0\n",
            "8: ALIAS record: max must be an integer from 1 to 64, not '0'"),
        row("optionWithoutValue", "www ALIAS 1 a max\n",
            "8: ALIAS option 'max' must be key=value"),
        row("optionGivenTwice", "www ALIAS 1 a max=2 max=3\n",
            "8: ALIAS option 'max' given twice"),
        row("sameTargetTwice", "www ALIAS 1 a\nwww ALIAS 2 a\n",
            "9: ALIAS target a.example.com. listed twice at www.example.com."),
        row("sameTargetTwiceInAnotherCase", "www ALIAS 1 a\nwww ALIAS 2 b\nwww ALIAS 3 A\n",
            "10: ALIAS target A.example.com. listed twice at www.example.com."),
        row("sameMissingTargetTwice", "www ALIAS 1 nowhere\nwww ALIAS 2 a\nwww ALIAS 3 NOWHERE\n",
            "8: ALIAS target nowhere.example.com. does not exist in zone example.com.",
            "10: ALIAS target NOWHERE.example.com. listed twice at www.example.com.",
            "10: ALIAS target NOWHERE.example.com. does not exist in zone example.com."),
        row("sameOutsideTargetTwice", "www ALIAS 1 lb.example.net.\nwww ALIAS 1 lb.example.net.\n",
            "8: ALIAS target lb.example.net. is outside the zone example.com.",
            "9: ALIAS target lb.example.net. listed twice at www.example.com.",
            "9: ALIAS target lb.example.net. is outside the zone example.com."),
        row("missingTargetsThatDifferAreNotTwice", "www ALIAS 1 nowhere\nwww ALIAS 1 elsewhere\n",
            "8: ALIAS target nowhere.example.com. does not exist in zone example.com.",
            "9: ALIAS target elsewhere.example.com. does not exist in zone example.com."),
        row("sameTargetTwiceAmongManyAliases", manyAliases(20) + "www ALIAS 1 t7\n",
            "48: ALIAS target t7.example.com. listed twice at www.example.com."),
        row("aliasAtADelegation", "sub NS ns.example.net.\nsub ALIAS 1 a\n",
            "9: ALIAS at sub.example.com., a delegation point: queries there get a referral"),
        row("targetBelowADelegation", "sub NS ns.sub\nns.sub A 192.0.2.9\nwww ALIAS 1 ns.sub\n",
            "10: ALIAS target ns.sub.example.com. is at or below the delegation at sub.example.com."),
        row("delegationNamedAsTheZoneWritesIt", "Sub NS ns.sub\nns.sub A 192.0.2.9\nwww ALIAS 1 NS.SUB\n",
            "10: ALIAS target NS.SUB.example.com. is at or below the delegation at Sub.example.com."),
        row("aliasWithoutTarget", "www ALIAS 1\nok A 192.0.2.3\n",
            "8: ALIAS record: expected a name"),
        row("targetAtADelegationPoint", "sub NS ns.example.net.\nwww ALIAS 1 sub\n",
            "9: ALIAS target sub.example.com. is at or below the delegation at sub.example.com."),
        row("missingTargetBelowADelegationIsNamedByTheDelegation", "sub NS ns.example.net.\nwww ALIAS 1 x.sub\n",
            "9: ALIAS target x.sub.example.com. is at or below the delegation at sub.example.com."),
        row("targetThatIsOnlyAnEmptyNonTerminal", "x.ent A 192.0.2.3\nwww ALIAS 1 ent\n",
            "9: ALIAS target ent.example.com. does not exist in zone example.com."),
        row("pointingAtItselfInAnotherCase", "x ALIAS 1 X\n",
            "8: ALIAS at x.example.com. points at itself"),
        row("targetInAnotherCaseLoads", "www ALIAS 1 A\nwww ALIAS 1 B\n"),
        row("loopNamesEachNameAsItsAliasSpellsIt", "x ALIAS 1 Y\ny ALIAS 1 x\n",
            "8: alias loop: x.example.com. -> Y.example.com. -> x.example.com."),
        row("loopReachedFromANameOutsideIt", "w ALIAS 1 x\nx ALIAS 1 y\ny ALIAS 1 x\n",
            "9: alias loop: x.example.com. -> y.example.com. -> x.example.com."),
        row("loopsAreNotLookedForWhileATargetIsMissing", "x ALIAS 1 y\ny ALIAS 1 x\nz ALIAS 1 nowhere\n",
            "10: ALIAS target nowhere.example.com. does not exist in zone example.com."),
        row("depthIsReportedOnceAtTheTopOfTheTree",
            "l1 ALIAS 1 l2\nl2 ALIAS 1 l3\nl3 ALIAS 1 l4\nl4 ALIAS 1 l5\nl5 ALIAS 1 l6\nl6 ALIAS 1 a\n",
            "8: alias tree at l1.example.com. is 6 levels deep; at most 4 are allowed"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("aliasZones")
  void aliasesLoadOrNameTheirLineAndWhatIsWrong(String behaviour, String lines, List<String> problems) {
    assertThat(TestZones.problemsOf("example.com.zone", TestZones.exampleCom(GROUPS + lines)))
        .containsExactlyElementsOf(problems.stream().map("example.com.zone:"::concat).toList());
  }
}
