package io.wadns.weighted;

import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.resolve.Answer;
import io.wadns.resolve.Query;
import io.wadns.resolve.Resolver;
import io.wadns.testing.TestZones;
import io.wadns.zone.ZoneSet;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * The split of picks follows the weights: 20,000 answers per seed, tested with Pearson's
 * chi-square at p = 0.001. Seeds are fixed so a run is reproducible; several seeds show the bound
 * is not luck of one stream.
 */
class WeightedDistributionTest {
  static final int PICKS = 20_000;
  /** Chi-square critical value for 1 degree of freedom at p = 0.001. */
  static final double CRITICAL_1_DF = 10.828;

  static final String ZONE = TestZones.exampleCom(60, """
      a  A  192.0.2.1
      b  A  192.0.2.2
      c  A  192.0.2.3
      three-to-one ALIAS 3 a
      three-to-one ALIAS 1 b
      one-one-zero ALIAS 1 a
      one-one-zero ALIAS 1 b
      one-one-zero ALIAS 0 c
      """);

  static ZoneSet zones;

  @BeforeAll
  static void load() {
    zones = TestZones.parse("example.com.zone", ZONE);
  }

  /** Counts of answers for a, b, c over PICKS queries. */
  static long[] pick(String name, long seed) throws Exception {
    SplittableRandom random = new SplittableRandom(seed);
    Resolver resolver = new Resolver(() -> zones, random::nextInt);
    Query query = new Query(Name.fromString(name), Type.A, false);
    long[] counts = new long[3];
    for (int i = 0; i < PICKS; i++) {
      Answer answer = resolver.resolve(query);
      byte last = ((ARecord) answer.answer().get(0)).getAddress().getAddress()[3];
      counts[last - 1]++;
    }
    return counts;
  }

  static double chiSquare(long[] observed, double[] expectedShare) {
    double chi = 0;
    for (int i = 0; i < observed.length; i++) {
      if (expectedShare[i] == 0) {
        continue;
      }
      double expected = expectedShare[i] * PICKS;
      chi += (observed[i] - expected) * (observed[i] - expected) / expected;
    }
    return chi;
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 42, 20261124})
  void threeToOneSplitsThreeQuartersToOne(long seed) throws Exception {
    long[] counts = pick("three-to-one.example.com.", seed);
    assertThat(counts[0] + counts[1]).isEqualTo(PICKS);
    assertThat(chiSquare(counts, new double[] {0.75, 0.25, 0})).isLessThan(CRITICAL_1_DF);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 42, 20261124})
  void oneOneZeroSplitsEvenlyAndNeverPicksTheZero(long seed) throws Exception {
    long[] counts = pick("one-one-zero.example.com.", seed);
    assertThat(counts[2]).as("weight-0 target while the others are usable").isZero();
    assertThat(chiSquare(counts, new double[] {0.5, 0.5, 0})).isLessThan(CRITICAL_1_DF);
  }
}
