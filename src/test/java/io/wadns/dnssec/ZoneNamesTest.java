package io.wadns.dnssec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/** The canonical sort keys order names exactly as RFC 4034 §6.1 (dnsjava's Name order) does. */
class ZoneNamesTest {
  /** Octets that stress the key's escapes and case folding, beside ordinary ones. */
  private static final byte[] OCTETS = {0, 1, 2, '-', '0', '9', 'A', 'Z', 'a', 'z', '[', '`', 0x7F, (byte) 0x80,
      (byte) 0xFF};

  @Test
  void keysCompareAsNamesDoForRandomNamesWithAwkwardOctets() throws Exception {
    Random random = new Random(4034);
    Name[] names = new Name[3000];
    for (int i = 0; i < names.length; i++) {
      names[i] = randomName(random);
    }
    for (int i = 0; i < 200_000; i++) {
      Name a = names[random.nextInt(names.length)];
      Name b = random.nextInt(4) == 0 ? sibling(a, random) : names[random.nextInt(names.length)];
      int byName = Integer.signum(a.compareTo(b));
      int byKey = Integer.signum(Arrays.compareUnsigned(ZoneNames.canonicalKey(a), ZoneNames.canonicalKey(b)));
      assertThat(byKey).as("%s against %s", a, b).isEqualTo(byName);
    }
  }

  @Test
  void sortedPutsNamesInCanonicalOrderWithDistinctSortedTypes() {
    Map<Name, List<Integer>> names = new LinkedHashMap<>();
    names.put(n("z.example."), List.of(Type.TXT, Type.A, Type.A));
    names.put(n("example."), List.of(Type.SOA, Type.NS));
    names.put(n("*.z.example."), List.of(Type.MX));
    names.put(n("A.example."), List.of(Type.AAAA));
    names.put(n("yljkjljk.a.example."), List.of(Type.A));
    ZoneNames.Sorted sorted = ZoneNames.sorted(n("example."), names);
    assertThat(sorted.names()).containsExactly(n("example."), n("a.example."), n("yljkjljk.a.example."),
        n("z.example."), n("*.z.example."));
    assertThat(sorted.types()[3]).containsExactly(Type.A, Type.TXT);
    assertThat(sorted.indexOf(n("Z.EXAMPLE."))).isEqualTo(3);
    assertThat(sorted.indexOf(n("b.example."))).isNegative();
  }

  @Test
  void aNameBelowACutIsRefusedEvenWithOtherNamesBetween() {
    Map<Name, Set<Integer>> names = Map.of(n("example."), Set.of(Type.SOA), n("b.example."), Set.of(Type.NS),
        n("a.b.example."), Set.of(Type.TXT), n("z.a.b.example."), Set.of(Type.A), n("c.example."), Set.of(Type.A));
    assertThatThrownBy(() -> ZoneNames.sorted(n("example."), names))
        .hasMessageContaining("a.b.example. lies below the delegation cut b.example.");
  }

  private static Name randomName(Random random) throws Exception {
    int labels = 1 + random.nextInt(4);
    Name name = Name.root;
    for (int l = 0; l < labels; l++) {
      name = Name.concatenate(new Name(label(random), Name.root), name);
    }
    return name;
  }

  /** A name that shares all but its first label with {@code a}, so comparisons reach the last label. */
  private static Name sibling(Name a, Random random) throws Exception {
    if (a.labels() <= 1) {
      return a;
    }
    return Name.concatenate(new Name(label(random), Name.root), new Name(a, 1));
  }

  /** A label in presentation form: short, drawn from {@link #OCTETS}, escaped as \DDD. */
  private static String label(Random random) {
    int length = 1 + random.nextInt(3);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < length; i++) {
      out.append(String.format("\\%03d", OCTETS[random.nextInt(OCTETS.length)] & 0xFF));
    }
    return out.toString();
  }

  private static Name n(String s) {
    return Name.fromConstantString(s);
  }
}
