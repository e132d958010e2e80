package io.wadns.zonetext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wadns.zone.RecordTypes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/** Whole zone files read by this reader and by dnsjava's {@code Master} give the same records. */
class ZoneFileComparisonTest {
  static {
    RecordTypes.register();
  }

  /** What the two readers made of one file. */
  record Comparison(List<ReadRecords.WireRecord> ours, List<String> ourErrors, List<ReadRecords.WireRecord> dnsjava, String dnsjavaError) {
    boolean agree() {
      return ourErrors.isEmpty() == (dnsjavaError == null) && (dnsjavaError != null || ours.equals(dnsjava));
    }
  }

  static Comparison compare(byte[] text, Path file, String origin) throws IOException {
    ZoneTextReader reader = ZoneTextReader.create();
    if (origin != null) {
      reader = reader.withOrigin(origin);
    }
    ReadRecords sink = new ReadRecords();
    ZoneTextReport report = file != null ? reader.read(file, sink) : reader.read("zone", text, sink);
    List<String> errors = report.problems().stream().filter(ZoneTextProblem::isError).map(ZoneTextProblem::toString).toList();
    List<ReadRecords.WireRecord> theirs = new ArrayList<>();
    String error = null;
    Name originName = origin == null ? null : Name.fromString(origin);
    try (Master master = file != null ? new Master(file.toString(), originName) : new Master(new ByteArrayInputStream(text), originName)) {
      for (Record r = master.nextRecord(); r != null; r = master.nextRecord()) {
        theirs.add(ReadRecords.of(r));
      }
    } catch (IOException | RuntimeException e) {
      error = String.valueOf(e.getMessage());
    }
    return new Comparison(sink.records, errors, theirs, error);
  }

  @Test
  void theBundledZoneReadsAsDnsjavaReadsIt() throws IOException {
    Path zone = Path.of("zones/example.com.zone");
    Comparison c = compare(null, zone, "example.com.");
    assertThat(c.ourErrors()).isEmpty();
    assertThat(c.ours()).isNotEmpty().isEqualTo(c.dnsjava());
  }

  @Test
  void theDifferentialTestZonesReadAsDnsjavaReadsThem() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("src/test/resources/diff-zones"))) {
      for (Path zone : files.sorted().toList()) {
        String origin = zone.getFileName().toString().replace(".zone", ".");
        Comparison c = compare(null, zone, origin);
        assertThat(c.ourErrors()).as(zone.toString()).isEmpty();
        assertThat(c.ours()).as(zone.toString()).isNotEmpty().isEqualTo(c.dnsjava());
      }
    }
  }

  @Test
  void aLargeGeneratedZoneReadsAsDnsjavaReadsIt() throws IOException {
    byte[] text = LargeZone.text(200_000).getBytes(StandardCharsets.US_ASCII);
    Comparison c = compare(text, null, null);
    assertThat(c.ourErrors()).isEmpty();
    assertThat(c.ours()).hasSize(200_000 + LargeZone.APEX_RECORDS);
    assertThat(c.ours()).isEqualTo(c.dnsjava());
  }

  /**
   * The zone files of the Ferret conformance data set (valid and invalid ones), from a local
   * snapshot of its repository when there is one.
   */
  @Test
  void ferretZoneFilesReadAsDnsjavaReadsThem() throws Exception {
    Path folder = FerretZones.extract();
    assumeTrue(folder != null, "no Ferret data set snapshot at " + FerretZones.REPOSITORY + "; skipped");
    List<Path> files;
    try (Stream<Path> all = Files.walk(folder)) {
      files = all.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
    }
    Map<String, List<String>> disagreements = new TreeMap<>();
    int agree = 0;
    int bothReject = 0;
    for (Path file : files) {
      Comparison c = compare(null, file, null);
      if (c.agree()) {
        agree++;
        bothReject += c.dnsjavaError() != null ? 1 : 0;
      } else {
        String key = Difference.classify(c);
        disagreements.computeIfAbsent(key, k -> new ArrayList<>()).add(folder.relativize(file) + " " + describe(c));
      }
    }
    System.out.printf(
        "Ferret: %d zone files compared, %d agree (%d with the same records, %d rejected by both)%n",
        files.size(), agree, agree - bothReject, bothReject);
    disagreements.forEach((k, v) -> System.out.printf("  %s: %d, e.g. %s%n", k, v.size(), v.get(0)));
    assertThat(files).hasSizeGreaterThan(10_000);
    assertThat(disagreements.keySet()).isSubsetOf(Difference.DOCUMENTED);
  }

  private static String describe(Comparison c) {
    return "ours=" + (c.ourErrors().isEmpty() ? c.ours().size() + " records" : c.ourErrors().get(0))
        + " dnsjava=" + (c.dnsjavaError() == null ? c.dnsjava().size() + " records" : c.dnsjavaError());
  }
}
