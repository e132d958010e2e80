package io.wadns.protocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;

/** Builds query packets and reads reply packets, down to the raw header bits the tests check. */
public final class Wire {
  public static final int QR = 0x8000;
  public static final int AA = 0x0400;
  public static final int TC = 0x0200;
  public static final int RD = 0x0100;
  public static final int RA = 0x0080;
  public static final int Z = 0x0040;
  public static final int AD = 0x0020;
  public static final int CD = 0x0010;

  private Wire() {}

  /** A query for {@code name}/{@code type} in class IN, with ID 0x1234 and RD set. */
  public static Message query(String name, int type) {
    return query(name, type, DClass.IN);
  }

  public static Message query(String name, int type, int dclass) {
    Message m = Message.newQuery(Record.newRecord(name(name), type, dclass));
    m.getHeader().setID(0x1234);
    return m;
  }

  /** The query with an OPT record added. */
  public static Message withEdns(Message query, OPTRecord opt) {
    query.addRecord(opt, Section.ADDITIONAL);
    return query;
  }

  public static byte[] bytes(Message m) {
    return m.toWire();
  }

  public static Message parse(byte[] reply) {
    try {
      return new Message(reply);
    } catch (IOException e) {
      throw new UncheckedIOException("reply does not parse", e);
    }
  }

  public static Name name(String s) {
    try {
      return Name.fromString(s, Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException(e);
    }
  }

  public static int id(byte[] wire) {
    return u16(wire, 0);
  }

  /** The 16 flag bits of the header: QR, opcode, AA, TC, RD, RA, Z, AD, CD and RCODE. */
  public static int flags(byte[] wire) {
    return u16(wire, 2);
  }

  public static int opcode(byte[] wire) {
    return (flags(wire) >> 11) & 0xF;
  }

  /** The 4-bit RCODE of the header, without any EDNS extension. */
  public static int headerRcode(byte[] wire) {
    return flags(wire) & 0xF;
  }

  /** QDCOUNT, ANCOUNT, NSCOUNT or ARCOUNT, by {@link Section} number. */
  public static int count(byte[] wire, int section) {
    return u16(wire, 4 + 2 * section);
  }

  public static byte[] setFlags(byte[] wire, int flags) {
    wire[2] = (byte) (flags >> 8);
    wire[3] = (byte) flags;
    return wire;
  }

  public static byte[] setCount(byte[] wire, int section, int count) {
    wire[4 + 2 * section] = (byte) (count >> 8);
    wire[5 + 2 * section] = (byte) count;
    return wire;
  }

  /** The length of the first question of an uncompressed packet: its name, type and class. */
  public static int questionLength(byte[] wire) {
    int p = 12;
    while (wire[p] != 0) {
      p += (wire[p] & 0xFF) + 1;
    }
    return p + 1 + 4 - 12;
  }

  static int u16(byte[] wire, int offset) {
    return (wire[offset] & 0xFF) << 8 | (wire[offset + 1] & 0xFF);
  }
}
