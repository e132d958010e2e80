package io.wadns.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

/** NameText writes every name exactly as dnsjava's Name.toString does. */
class NameTextTest {
  /** A name of random labels drawn from {@code alphabet}, of up to 255 octets in all. */
  private static Name randomName(Random random, byte[] alphabet) {
    byte[] wire = new byte[255];
    int p = 0;
    int labels = random.nextInt(6);
    for (int l = 0; l < labels; l++) {
      int len = 1 + random.nextInt(random.nextInt(8) == 0 ? 63 : 12);
      if (p + 1 + len + 1 > wire.length) {
        break;
      }
      wire[p++] = (byte) len;
      for (int i = 0; i < len; i++) {
        wire[p++] = alphabet[random.nextInt(alphabet.length)];
      }
    }
    wire[p++] = 0;
    try {
      return new Name(java.util.Arrays.copyOf(wire, p));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] bytes(int from, int to) {
    byte[] out = new byte[to - from];
    for (int b = from; b < to; b++) {
      out[b - from] = (byte) b;
    }
    return out;
  }

  @Test
  void everyOctetIsWrittenAsDnsjavaWritesIt() {
    Random random = new Random(7);
    byte[] all = bytes(0, 256);
    byte[] printable = bytes(0x1E, 0x82); // the printable range and both of its edges
    byte[] letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_*".getBytes();
    int escaped = 0;
    for (int i = 0; i < 30_000; i++) {
      byte[] alphabet = i % 3 == 0 ? all : i % 3 == 1 ? printable : letters;
      Name name = randomName(random, alphabet);
      String text = NameText.of(name);
      assertThat(text).as("wire %s", java.util.Arrays.toString(name.toWire())).isEqualTo(name.toString());
      escaped += text.indexOf('\\') >= 0 ? 1 : 0;
    }
    assertThat(escaped).as("names that needed an escape").isGreaterThan(5_000);
  }

  @Test
  void namesOfManyLabelsAndOfTheLongestLengthAreDnsjavasToo() throws Exception {
    StringBuilder oneOctetLabels = new StringBuilder();
    for (int i = 0; i < 127; i++) {
      oneOctetLabels.append((char) ('a' + i % 26)).append('.'); // 127 labels and the root: 255 octets
    }
    String label63 = "x".repeat(63);
    for (String text : new String[] {oneOctetLabels.toString(), label63 + "." + label63 + "." + label63 + "."
        + "y".repeat(61) + ".", oneOctetLabels.substring(0, 240) + "\\$.z."}) {
      Name name = Name.fromString(text);
      assertThat(name.length()).as(text).isGreaterThanOrEqualTo((short) 242);
      assertThat(NameText.of(name)).isEqualTo(name.toString());
    }
  }

  @Test
  void theRootTheEmptyNameAndRelativeNamesAreDnsjavasToo() throws Exception {
    for (Name name : new Name[] {Name.root, Name.empty, Name.fromString("www.example"),
        Name.fromString("a\\.b.example."), Name.fromString("\\@.example."), Name.fromString("WWW.Example.COM."),
        Name.fromString("*.example."), Name.fromString("\\000.\\255.example.")}) {
      assertThat(NameText.of(name)).isEqualTo(name.toString());
    }
  }
}
