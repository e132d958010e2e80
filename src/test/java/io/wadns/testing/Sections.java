package io.wadns.testing;

import java.util.List;
import java.util.stream.Collectors;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** Records as short comparable strings: {@code owner ttl TYPE rdata}, owner in lower case. */
public final class Sections {
  private Sections() {}

  public static String text(Record r) {
    return r.getName().toString().toLowerCase() + " " + r.getTTL() + " " + Type.string(r.getType()) + " "
        + r.rdataToString();
  }

  public static List<String> text(List<Record> records) {
    return records.stream().map(Sections::text).collect(Collectors.toList());
  }
}
