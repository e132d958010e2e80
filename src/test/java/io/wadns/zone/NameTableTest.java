package io.wadns.zone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

class NameTableTest {
  @Test
  void eachNameIsInternedOnceAndFoundWhateverItsCase() throws Exception {
    Random random = new Random(5);
    NameTable table = new NameTable(); // small: it grows many times on the way
    List<byte[]> names = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      byte[] wire = Name.fromString(label(random) + "." + label(random) + ".example.").toWire();
      int index = table.intern(wire, 0, wire.length);
      if (index == names.size()) {
        names.add(wire);
      } else {
        assertThat(text(names.get(index))).as("a name seen before, in any case, keeps its index")
            .isEqualToIgnoringCase(text(wire));
      }
    }
    assertThat(table.size()).isEqualTo(names.size());
    checkAll(table, names);
    table.freeze();
    checkAll(table, names);
    byte[] absent = Name.fromString("not-interned.example.").toWire();
    assertThat(table.find(absent, 0, absent.length)).isEqualTo(-1);
  }

  @Test
  void aNameIsReadFromAnyOffsetAndKeptAsFirstWritten() throws Exception {
    NameTable table = new NameTable(4, 16);
    byte[] www = Name.fromString("WWW.Example.").toWire();
    byte[] padded = new byte[www.length + 7];
    System.arraycopy(Name.fromString("www.example.").toWire(), 0, padded, 3, www.length);
    int index = table.intern(www, 0, www.length);
    assertThat(table.intern(padded, 3, www.length)).isEqualTo(index);
    assertThat(Arrays.copyOfRange(table.arena(), table.start(index), table.start(index) + table.length(index)))
        .isEqualTo(www);
    assertThat(table.labels(index)).isEqualTo(2);
  }

  @Test
  void freezingTrimsATableMadeFarTooBigAndKeepsOneAtMostHalfEmpty() throws Exception {
    List<byte[]> names = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      names.add(Name.fromString("host" + i + ".example.").toWire());
    }
    int bytes = names.stream().mapToInt(n -> n.length).sum();
    // Sized for a guess over the fit (arena and arrays a third empty), exactly half empty, and ten times over.
    NameTable close = new NameTable(1500, bytes * 3 / 2);
    NameTable half = new NameTable(1000, bytes * 2);
    NameTable far = new NameTable(10_000, bytes * 10);
    for (byte[] n : names) {
      close.intern(n, 0, n.length);
      half.intern(n, 0, n.length);
      far.intern(n, 0, n.length);
    }
    long closeBefore = close.footprint();
    byte[] closeArena = close.arena();
    byte[] halfArena = half.arena();
    long farBefore = far.footprint();
    close.freeze();
    half.freeze();
    far.freeze();
    assertThat(close.footprint()).as("at most half empty: kept").isEqualTo(closeBefore);
    assertThat(close.arena()).as("no copy made").isSameAs(closeArena);
    assertThat(half.arena()).as("half empty: kept").isSameAs(halfArena).hasSize(bytes * 2);
    // Trimmed: the arena to the names' bytes, the arrays to 1,001 and 1,000 ints, the slots to 2,048.
    assertThat(far.footprint()).isLessThan(farBefore / 4).isEqualTo(bytes + 4L * 1001 + 4L * 1000 + 4L * 2048);
    checkAll(close, names);
    checkAll(half, names);
    checkAll(far, names);
  }

  private static void checkAll(NameTable table, List<byte[]> names) {
    for (int i = 0; i < names.size(); i++) {
      byte[] upper = text(names.get(i)).toUpperCase(Locale.ROOT).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
      assertThat(table.find(names.get(i), 0, names.get(i).length)).isEqualTo(i);
      assertThat(table.find(upper, 0, upper.length)).as("RFC 4343: case does not matter").isEqualTo(i);
    }
  }

  private static String text(byte[] wire) {
    return new String(wire, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  /** Short labels of mixed case, so names repeat and share hash slots. */
  private static String label(Random random) {
    char[] c = new char[1 + random.nextInt(3)];
    for (int i = 0; i < c.length; i++) {
      char letter = (char) ('a' + random.nextInt(6));
      c[i] = random.nextBoolean() ? Character.toUpperCase(letter) : letter;
    }
    return new String(c);
  }
}
