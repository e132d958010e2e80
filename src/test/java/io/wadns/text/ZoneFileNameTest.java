package io.wadns.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

/** One file name per zone, always short enough for a file system, never shared by two zones. */
class ZoneFileNameTest {
  private static Name name(String text) throws Exception {
    return Name.fromString(text);
  }

  /** A name of {@code labels} labels of {@code length} copies of {@code octet} (as \DDD), under "example.". */
  private static Name longName(int labels, int length, int octet) throws Exception {
    StringBuilder b = new StringBuilder();
    for (int l = 0; l < labels; l++) {
      for (int i = 0; i < length; i++) {
        b.append(String.format("\\%03d", octet));
      }
      b.append('.');
    }
    return name(b + "example.");
  }

  @Test
  void ordinaryNamesAreTheirTextInLowerCase() throws Exception {
    assertThat(ZoneFileName.of(name("Example.COM."))).isEqualTo("example.com");
    assertThat(ZoneFileName.of(name("_tcp.a-b.example."))).isEqualTo("_tcp.a-b.example");
    assertThat(ZoneFileName.of(Name.root)).isEqualTo("@");
    assertThat(ZoneFileName.of(name("root."))).isEqualTo("root");
  }

  @Test
  void namesThatDifferOnlyInOtherOctetsGetTheirOwnFiles() throws Exception {
    String[] texts = {"a\\$b.example.", "a%b.example.", "a\\(b.example.", "a\\)b.example.", "a\\.b.example.",
        "a.b.example.", "a\\\\b.example.", "a/b.example.", "a\\200b.example.", "a\\201b.example.",
        "a\\@b.example.", "a%25b.example.", "\\@.", "%40."};
    Set<String> files = new HashSet<>();
    for (String t : texts) {
      String file = ZoneFileName.of(name(t));
      assertThat(file).as(t).matches("[a-z0-9._%A-F-]+").doesNotContain("/").isNotEqualTo(".").isNotEqualTo("..");
      files.add(file);
    }
    assertThat(files).hasSize(texts.length);
  }

  @Test
  void theLongestNamesAreShortenedToAFileNameThatFits() throws Exception {
    // 253 octets, most of them \\255 in text and %5C255 in a file name: 1,400-odd characters in full
    Name longest = longName(4, 60, 0xFF);
    assertThat((int) longest.length()).isGreaterThan(250);
    String file = ZoneFileName.of(longest);
    assertThat(file.length()).isLessThanOrEqualTo(ZoneFileName.KEPT + 1 + 32);
    assertThat(file).matches("[a-z0-9._%A-F-]+~[0-9a-f]{32}");
    String kept = file.substring(0, file.indexOf('~'));
    assertThat(kept).as("cut at an escape's start, never in it").startsWith("%5C255").doesNotEndWith("%")
        .doesNotEndWith("%5");
    assertThat(kept.length()).isBetween(ZoneFileName.KEPT - 2, ZoneFileName.KEPT);
    // the same name gives the same file every time (a restart finds it), in any case
    assertThat(ZoneFileName.of(Name.fromString(longest.toString().toUpperCase(java.util.Locale.ROOT))))
        .isEqualTo(file);
  }

  @Test
  void aShortenedNameIsNeverCutInsideAnEscape() throws Exception {
    // "ab" and "abc" before the \255s move the escapes so that "%5" and "%" fall at the cut
    for (String start : new String[] {"ab", "abc", "abcd"}) {
      Name n = name(start + longName(4, 60, 0xFF).toString(true).substring(start.length() * 4) + ".");
      String kept = ZoneFileName.of(n).substring(0, ZoneFileName.of(n).indexOf('~'));
      assertThat(kept).as(start).startsWith(start).doesNotEndWith("%").doesNotEndWith("%5");
      assertThat(kept.length()).isBetween(ZoneFileName.KEPT - 2, ZoneFileName.KEPT);
    }
  }

  @Test
  void longNamesThatShareTheirStartStillGetTheirOwnFiles() throws Exception {
    Set<String> files = new HashSet<>();
    for (int octet = 0x80; octet < 0x90; octet++) {
      // the same first labels, the last one differs: the kept part is the same, the digest not
      Name n = name(longName(3, 60, 0xFF).toString(true) + String.format(".\\%03d.example.", octet));
      files.add(ZoneFileName.of(n));
    }
    assertThat(files).hasSize(16);
    assertThat(files).allMatch(f -> f.startsWith("%5C255%5C255") && f.length() <= 193);
  }

  @Test
  void aNameJustUnderTheLimitIsKeptWhole() throws Exception {
    String b = "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(40) + "." + "d".repeat(23) + ".example";
    assertThat(b.length()).isEqualTo(ZoneFileName.LONGEST);
    assertThat(ZoneFileName.of(name(b + "."))).isEqualTo(b.toString());
    assertThat(ZoneFileName.of(name("y." + b + "."))).contains("~");
  }
}
