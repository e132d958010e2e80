package io.wadns.zonetext;

import java.io.IOException;
import org.xbill.DNS.Type;

/**
 * The RDATA parsers written for speed, one per common type; every other type goes to {@link
 * FallbackRdata}. Each writes the wire form of RFC 1035 §3.3 and the RFC that defines the type.
 */
final class NativeRdata {
  private NativeRdata() {}

  /** True for the types parsed here. */
  static boolean handles(int type) {
    switch (type) {
      case Type.A:
      case Type.AAAA:
      case Type.NS:
      case Type.CNAME:
      case Type.DNAME:
      case Type.PTR:
      case Type.MB:
      case Type.MG:
      case Type.MR:
      case Type.MX:
      case Type.KX:
      case Type.AFSDB:
      case Type.RT:
      case Type.RP:
      case Type.MINFO:
      case Type.SRV:
      case Type.SOA:
      case Type.TXT:
      case Type.SPF:
      case Type.HINFO:
      case Type.CAA:
      case Type.NAPTR:
      case Type.TLSA:
      case Type.SMIMEA:
      case Type.SSHFP:
        return true;
      default:
        return DnssecRdata.handles(type) || IdentifierRdata.handles(type);
    }
  }

  /** Reads the fields of {@code type} and the end of the entry. */
  static void parse(int type, RdataScanner s) throws IOException, EntryError {
    switch (type) {
      case Type.A:
        ipv4(s);
        break;
      case Type.AAAA:
        ipv6(s);
        break;
      case Type.NS:
      case Type.CNAME:
      case Type.DNAME:
      case Type.PTR:
      case Type.MB:
      case Type.MG:
      case Type.MR:
        s.name("target name");
        break;
      case Type.MX:
      case Type.KX:
      case Type.RT:
        s.u16("preference");
        s.name("exchange name");
        break;
      case Type.AFSDB:
        s.u16("subtype");
        s.name("host name");
        break;
      case Type.RP:
        s.name("mailbox name");
        s.name("text name");
        break;
      case Type.MINFO:
        s.name("responsible mailbox");
        s.name("error mailbox");
        break;
      case Type.SRV:
        // RFC 2782
        s.u16("priority");
        s.u16("weight");
        s.u16("port");
        s.name("target name");
        break;
      case Type.SOA:
        soa(s);
        break;
      case Type.TXT:
      case Type.SPF:
        TextRdata.txt(s);
        break;
      case Type.HINFO:
        s.characterString("CPU");
        s.characterString("OS");
        break;
      case Type.CAA:
        TextRdata.caa(s);
        break;
      case Type.NAPTR:
        // RFC 3403 §4.1
        s.u16("order");
        s.u16("preference");
        s.characterString("flags");
        s.characterString("services");
        s.characterString("regexp");
        s.name("replacement name");
        break;
      case Type.TLSA:
      case Type.SMIMEA:
        // RFC 6698 §2.1, RFC 8162
        s.u8("certificate usage");
        s.u8("selector");
        s.u8("matching type");
        s.hexToEnd("certificate association data", true);
        break;
      case Type.SSHFP:
        // RFC 4255 §3.1
        s.u8("algorithm");
        s.u8("fingerprint type");
        s.hexToEnd("fingerprint", true);
        break;
      default:
        if (IdentifierRdata.handles(type)) {
          IdentifierRdata.parse(type, s);
        } else {
          DnssecRdata.parse(type, s);
        }
        break;
    }
    s.end();
  }

  private static void ipv4(RdataScanner s) throws IOException, EntryError {
    ipv4(s, "address");
  }

  /** An IPv4 address field named {@code what} (an A record's address, an L32 locator). */
  static void ipv4(RdataScanner s, String what) throws IOException, EntryError {
    s.field(what);
    int at = s.out.reserve(4);
    if (!AddressText.ipv4(s.lexer.token(), 0, s.lexer.tokenLength(), s.out.data, at)) {
      throw s.invalid(what, "is not an IPv4 address");
    }
  }

  private static void ipv6(RdataScanner s) throws IOException, EntryError {
    s.field("address");
    int at = s.out.reserve(16);
    if (!AddressText.ipv6(s.lexer.token(), s.lexer.tokenLength(), s.out.data, at)) {
      throw s.invalid("address", "is not an IPv6 address");
    }
  }

  private static void soa(RdataScanner s) throws IOException, EntryError {
    // RFC 1035 §3.3.13; the timers are durations in BIND's units (RFC 2308 §4 for MINIMUM).
    s.name("primary name server");
    s.name("responsible mailbox");
    s.u32("serial");
    s.duration("refresh");
    s.duration("retry");
    s.duration("expire");
    s.duration("minimum");
  }
}
