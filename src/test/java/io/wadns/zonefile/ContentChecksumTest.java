package io.wadns.zonefile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContentChecksumTest {
  private static final byte[] ZONE = ("$ORIGIN example.\n@ 300 IN SOA ns hostmaster 1 2 3 4 5\n"
      + "www 300 IN A 192.0.2.1\nwww 300 IN A 192.0.2.2\n").getBytes(StandardCharsets.US_ASCII);

  @Test
  void readInPiecesItIsTheChecksumOfTheWhole() {
    Random random = new Random(11);
    byte[] bytes = new byte[200_000];
    random.nextBytes(bytes);
    ContentChecksum pieces = new ContentChecksum();
    pieces.update(new byte[] {1, 2, 3}, 0, 3); // left over from an earlier file
    pieces.reset();
    for (int at = 0; at < bytes.length; ) {
      int n = Math.min(bytes.length - at, 1 + random.nextInt(70_000));
      pieces.update(bytes, at, n);
      at += n;
    }
    assertThat(pieces.value()).isEqualTo(ContentChecksum.of(bytes));
  }

  @Test
  void theEditsOfAZoneFileChangeIt() {
    Set<String> seen = new HashSet<>();
    seen.add(ContentChecksum.of(ZONE));
    // One digit changed (the serial), two addresses' last octets swapped, a byte added and one dropped,
    // a zero byte appended (a CRC alone can miss leading zeros; the length cannot).
    seen.add(ContentChecksum.of(edit(ZONE, "1 2 3 4 5", "2 2 3 4 5")));
    seen.add(ContentChecksum.of(edit(ZONE, "192.0.2.1\nwww 300 IN A 192.0.2.2", "192.0.2.2\nwww 300 IN A 192.0.2.1")));
    seen.add(ContentChecksum.of(edit(ZONE, "www", "wwww")));
    seen.add(ContentChecksum.of(edit(ZONE, "www 300 IN A 192.0.2.2", "ww 300 IN A 192.0.2.2")));
    byte[] zero = java.util.Arrays.copyOf(ZONE, ZONE.length + 1);
    seen.add(ContentChecksum.of(zero));
    assertThat(seen).hasSize(6);
  }

  @Test
  void everySingleByteChangeOfAFileIsSeen() {
    String original = ContentChecksum.of(ZONE);
    for (int i = 0; i < ZONE.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] changed = ZONE.clone();
        changed[i] ^= (byte) (1 << bit);
        assertThat(ContentChecksum.of(changed)).as("byte %d bit %d", i, bit).isNotEqualTo(original);
      }
    }
  }

  @Test
  void theEmptyFileHasAChecksumToo() {
    assertThat(ContentChecksum.of(new byte[0])).isEqualTo("0-00000000-00000000");
  }

  private static byte[] edit(byte[] text, String from, String to) {
    String s = new String(text, StandardCharsets.US_ASCII);
    assertThat(s).contains(from);
    return s.replaceFirst(java.util.regex.Pattern.quote(from), to).getBytes(StandardCharsets.US_ASCII);
  }
}
