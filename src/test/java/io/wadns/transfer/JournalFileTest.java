package io.wadns.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/** Journal files: one per zone, whatever the zones' names. */
class JournalFileTest {
  @TempDir
  Path dir;

  @Test
  void zonesWhoseNamesDifferOnlyInOddOctetsKeepTheirOwnJournals() throws Exception {
    JournalFile files = new JournalFile(dir);
    Name dollar = Name.fromString("a\\$b.example.");
    Name paren = Name.fromString("a\\(b.example.");
    files.write(dollar, Journal.EMPTY);
    files.write(paren, Journal.EMPTY);
    assertThat(files.fileOf(dollar)).isNotEqualTo(files.fileOf(paren));
    // each reads back as its own zone's journal ("the journal of another zone" otherwise)
    assertThat(files.read(dollar).differences()).isEmpty();
    assertThat(files.read(paren).differences()).isEmpty();
    try (var list = Files.list(dir)) {
      assertThat(list.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("a%5C%24b.example.journal", "a%5C%28b.example.journal");
    }
  }

  /** A link at the temporary file's name (a crash's leftover, or planted) is replaced, never written through. */
  @Test
  void aLinkWhereTheTemporaryFileGoesIsNotFollowed() throws Exception {
    JournalFile files = new JournalFile(dir.resolve("journals"));
    Name zone = Name.fromString("example.com.");
    Path elsewhere = Files.writeString(dir.resolve("elsewhere"), "untouched");
    Files.createDirectories(dir.resolve("journals"));
    Path temp = dir.resolve("journals").resolve("." + files.fileOf(zone).getFileName() + ".tmp");
    Files.createSymbolicLink(temp, elsewhere);
    files.write(zone, Journal.EMPTY);
    assertThat(Files.readString(elsewhere)).isEqualTo("untouched");
    assertThat(files.read(zone).differences()).isEmpty();
    assertThat(temp).doesNotExist();
  }

  @Test
  void theRootAndTheLongestNamesHaveJournalsToo() throws Exception {
    JournalFile files = new JournalFile(dir);
    Name longest = Name.fromString(("\\255".repeat(60) + ".").repeat(4) + "example.");
    files.write(Name.root, Journal.EMPTY);
    files.write(longest, Journal.EMPTY);
    assertThat(files.read(Name.root).differences()).isEmpty();
    assertThat(files.read(longest).differences()).isEmpty();
    assertThat(files.fileOf(Name.root).getFileName().toString()).isEqualTo("@.journal");
    files.delete(longest);
    files.delete(Name.root);
    try (var list = Files.list(dir)) {
      assertThat(list).isEmpty();
    }
  }

  @Test
  void aJournalUnderItsOlderNameIsReadAndMovedToItsName() throws Exception {
    JournalFile files = new JournalFile(dir);
    Name odd = Name.fromString("a\\$b.example.");
    files.write(odd, Journal.EMPTY);
    files.write(Name.root, Journal.EMPTY);
    // as an older version named them: odd octets as '%', the root ".journal"
    Files.move(files.fileOf(odd), dir.resolve("a%%b.example.journal"));
    Files.move(files.fileOf(Name.root), dir.resolve(".journal"));
    Name other = Name.fromString("a\\(b.example."); // its old name was the same file
    assertThat(files.read(other).differences()).as("another zone's: not taken").isEmpty();
    assertThat(Files.exists(dir.resolve("a%%b.example.journal"))).isTrue();
    assertThat(files.read(odd).differences()).isEmpty();
    assertThat(Files.exists(files.fileOf(odd))).isTrue();
    assertThat(Files.exists(dir.resolve("a%%b.example.journal"))).as("moved").isFalse();
    files.read(Name.root);
    assertThat(Files.exists(files.fileOf(Name.root))).isTrue();
    assertThat(Files.exists(dir.resolve(".journal"))).isFalse();
  }
}
