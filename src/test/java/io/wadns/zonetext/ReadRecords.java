package io.wadns.zonetext;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Collects what a reader hands its sink, in a form tests can compare with dnsjava's records. */
final class ReadRecords implements RecordSink {
  /** One record: owner as dnsjava prints it (case kept), type, TTL, RDATA in hex. */
  record WireRecord(String owner, int type, long ttl, String rdata) {
    @Override
    public String toString() {
      return owner + " " + ttl + " " + Type.string(type) + " " + rdata;
    }
  }

  /** The records and the problems (as {@code LINE: message}, warnings marked) of one read. */
  record Result(List<WireRecord> records, List<String> problems, List<ZoneTextProblem> raw) {}

  final List<WireRecord> records = new ArrayList<>();
  final List<Integer> lines = new ArrayList<>();

  @Override
  public void record(
      byte[] owner, int ownerLength, int type, long ttl, byte[] rdata, int rdataLength, String file, int line) {
    records.add(
        new WireRecord(
            nameText(Arrays.copyOf(owner, ownerLength)), type, ttl, hex(rdata, 0, rdataLength)));
    lines.add(line);
  }

  static Result read(String zoneText) {
    return read(ZoneTextReader.create().withOrigin("example.com."), zoneText);
  }

  static Result read(ZoneTextReader reader, String zoneText) {
    ReadRecords sink = new ReadRecords();
    ZoneTextReport report = reader.read("zone", zoneText.getBytes(StandardCharsets.ISO_8859_1), sink);
    List<String> problems = new ArrayList<>();
    for (ZoneTextProblem p : report.problems()) {
      problems.add(p.line() + ": " + (p.isError() ? "" : "warning: ") + p.message());
    }
    return new Result(sink.records, problems, report.problems());
  }

  static WireRecord of(Record r) {
    byte[] wire = r.toWire(Section.ANSWER);
    int start = r.getName().length() + 10;
    return new WireRecord(r.getName().toString(), r.getType(), r.getTTL(), hex(wire, start, wire.length - start));
  }

  static String nameText(byte[] wire) {
    try {
      return new Name(wire).toString();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static String hex(byte[] data, int offset, int length) {
    return HexFormat.of().formatHex(data, offset, offset + length);
  }
}
