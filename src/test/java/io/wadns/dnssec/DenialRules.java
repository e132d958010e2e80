package io.wadns.dnssec;

import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import org.xbill.DNS.NSEC3Record;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import org.xbill.DNS.utils.base32;

/**
 * What a validator checks of a denial proof, written from the RFCs' definitions and apart from the code
 * under test: "covers" and "matches" for NSEC (RFC 4034 §6.1 order, RFC 4035 §5.4) and NSEC3 (RFC 5155
 * §1.3, hashing with dnsjava's own NSEC3 code).
 */
final class DenialRules {
  private static final base32 BASE32HEX = new base32(base32.Alphabet.BASE32HEX, false, false);

  private DenialRules() {}

  // ---- NSEC

  static boolean nsecMatches(Record r, Name name) {
    return r instanceof NSECRecord && r.getName().equals(name);
  }

  /** RFC 4035 §5.4: owner < name < next in canonical order; the last NSEC's next is the apex. */
  static boolean nsecCovers(Record r, Name name, Name apex) {
    NSECRecord nsec = (NSECRecord) r;
    boolean afterOwner = nsec.getName().compareTo(name) < 0;
    boolean last = nsec.getNext().equals(apex);
    return afterOwner && (last || name.compareTo(nsec.getNext()) < 0);
  }

  static boolean anyNsecCovers(List<Record> proof, Name name, Name apex) {
    return proof.stream().anyMatch(r -> nsecCovers(r, name, apex));
  }

  // ---- NSEC3

  static byte[] hash(NSEC3Record r, Name name) {
    try {
      return r.hashName(name);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  static byte[] ownerHash(NSEC3Record r) {
    return BASE32HEX.fromString(r.getName().getLabelString(0).toUpperCase());
  }

  static boolean nsec3Matches(Record r, Name name) {
    NSEC3Record n = (NSEC3Record) r;
    return Arrays.equals(ownerHash(n), hash(n, name));
  }

  /** RFC 5155 §1.3: the name's hash lies strictly between the owner hash and the next hash (wrapping). */
  static boolean nsec3Covers(Record r, Name name) {
    NSEC3Record n = (NSEC3Record) r;
    byte[] h = hash(n, name);
    byte[] owner = ownerHash(n);
    byte[] next = n.getNext();
    boolean afterOwner = Arrays.compareUnsigned(owner, h) < 0;
    boolean beforeNext = Arrays.compareUnsigned(h, next) < 0;
    boolean wraps = Arrays.compareUnsigned(next, owner) <= 0;
    return wraps ? afterOwner || beforeNext : afterOwner && beforeNext;
  }

  static boolean anyNsec3Matches(List<Record> proof, Name name) {
    return proof.stream().anyMatch(r -> nsec3Matches(r, name));
  }

  static boolean anyNsec3Covers(List<Record> proof, Name name) {
    return proof.stream().anyMatch(r -> nsec3Covers(r, name));
  }

  /** RFC 5155 §1.3: the ancestor of the name one label longer than the closest encloser. */
  static Name nextCloser(Name name, Name encloser) {
    return new Name(name, name.labels() - encloser.labels() - 1);
  }

  /** A type absent at a name: the bitmap lacks it and CNAME (which would answer any type). */
  static boolean deniesType(Record r, int type) {
    int[] types = r instanceof NSECRecord n ? n.getTypes() : ((NSEC3Record) r).getTypes();
    return Arrays.stream(types).noneMatch(t -> t == type || t == Type.CNAME);
  }
}
