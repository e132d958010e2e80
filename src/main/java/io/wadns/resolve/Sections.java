package io.wadns.resolve;

import java.util.List;
import org.xbill.DNS.Record;

/**
 * The three sections of an answer, in the order records are to be written.
 *
 * @param requiredAdditional how many leading additional records must fit or set TC (RFC 9471 §3)
 */
public record Sections(List<Record> answer, List<Record> authority, List<Record> additional,
    int requiredAdditional) {
  static final Sections EMPTY = new Sections(List.of(), List.of(), List.of(), 0);
}
