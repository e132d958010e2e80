package io.wadns.zonefile;

import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.resolve.Answer;
import io.wadns.resolve.Query;
import io.wadns.resolve.Resolver;
import io.wadns.testing.TestZones;
import io.wadns.weighted.WeightedName;
import io.wadns.zone.Zone;
import io.wadns.zone.ZoneSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * The work of building alias trees grows with the zone, not with the product of its fan-outs: a tree
 * node is built once whatever points at it. A 100 KB zone of 40 aliases per level and four levels
 * once ran a 1 GB heap out of memory in {@code check}.
 */
class AliasTreeBoundsTest {
  static final String HEAD = TestZones.head(60);

  /** {@code fanOut} groups of four addresses, then {@code levels} levels of {@code fanOut} names, each aliasing every name of the level below. */
  static String layeredZone(int fanOut, int levels) {
    StringBuilder sb = new StringBuilder(HEAD);
    for (int g = 0; g < fanOut; g++) {
      for (int a = 0; a < 4; a++) {
        sb.append("l0-").append(g).append(" A 10.").append(g).append('.').append(a).append(".1\n");
      }
    }
    for (int level = 1; level <= levels; level++) {
      for (int n = 0; n < fanOut; n++) {
        for (int t = 0; t < fanOut; t++) {
          sb.append('l').append(level).append('-').append(n).append(" ALIAS 1 l").append(level - 1).append('-')
              .append(t).append('\n');
        }
      }
    }
    return sb.toString();
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void fortyAliasesPerLevelFourLevelsDeepLoadsQuicklyInLittleMemory() throws Exception {
    String zone = layeredZone(40, 4);
    assertThat(zone.length()).as("about the size that used to exhaust a 1 GB heap").isGreaterThan(90_000);
    Runtime rt = Runtime.getRuntime();
    System.gc();
    long before = rt.totalMemory() - rt.freeMemory();
    ZoneLoader.FileLoad load = TestZones.read("example.com.zone", zone);
    long used = rt.totalMemory() - rt.freeMemory() - before;
    assertThat(load.problems()).isEmpty();
    System.out.printf("layered alias zone: %d bytes of text, about %d MB more heap after loading%n", zone.length(),
        used >> 20);
    Zone z = load.zone();
    WeightedName top = z.node(Name.fromConstantString("l4-0.example.com.")).alias(Type.A);
    assertThat(top.leaves()).as("distinct groups, however many paths lead to them").hasSize(40);
    assertThat(top.root().target(0)).as("one node for l3-0, whoever points at it")
        .isSameAs(z.node(Name.fromConstantString("l4-1.example.com.")).alias(Type.A).root().target(0))
        .isSameAs(z.node(Name.fromConstantString("l3-0.example.com.")).alias(Type.A).root());

    SplittableRandom random = new SplittableRandom(1);
    Resolver resolver = new Resolver(() -> new ZoneSet(List.of(z)), random::nextInt);
    Answer a = resolver.resolve(new Query(Name.fromConstantString("l4-7.example.com."), Type.A, false));
    assertThat(a.answer()).hasSize(4).allSatisfy(r ->
        assertThat(r.getName()).as("answers carry the name asked for").isEqualTo(Name.fromConstantString(
            "l4-7.example.com.")));
  }

  @Test
  void aNameWhoseTreeReachesTooManyGroupsIsAnError() {
    StringBuilder sb = new StringBuilder(HEAD);
    int groups = AliasTreeBuilder.MAX_GROUPS + 1;
    for (int g = 0; g < groups; g++) {
      sb.append("g").append(g).append(" A 10.0.").append(g / 256).append('.').append(g % 256).append('\n');
      sb.append("wide ALIAS 1 g").append(g).append('\n');
    }
    ZoneLoader.FileLoad load = TestZones.read("example.com.zone", sb.toString());
    assertThat(load.ok()).isFalse();
    assertThat(load.errors()).singleElement().asString().isEqualTo("example.com.zone:7: alias tree at"
        + " wide.example.com. reaches 257 groups for A; at most 256 are allowed");
  }
}
