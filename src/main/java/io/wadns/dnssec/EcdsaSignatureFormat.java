package io.wadns.dnssec;

import java.security.SignatureException;

/**
 * The JDK writes ECDSA signatures as a DER {@code SEQUENCE { INTEGER r, INTEGER s }}; DNSSEC carries
 * them as r and s, each a fixed-length big-endian integer, concatenated (RFC 6605 §4: 64 octets for
 * P-256).
 */
final class EcdsaSignatureFormat {
  private EcdsaSignatureFormat() {}

  /** Converts a DER signature to {@code r || s}, each {@code size} octets. */
  static byte[] derToConcatenated(byte[] der, int size) throws SignatureException {
    int[] pos = {0};
    expect(der, pos, 0x30);
    int seqLength = length(der, pos);
    if (pos[0] + seqLength != der.length) {
      throw new SignatureException("ECDSA signature: bad DER sequence length");
    }
    byte[] out = new byte[2 * size];
    integer(der, pos, out, 0, size);
    integer(der, pos, out, size, size);
    if (pos[0] != der.length) {
      throw new SignatureException("ECDSA signature: trailing octets");
    }
    return out;
  }

  private static void integer(byte[] der, int[] pos, byte[] out, int offset, int size)
      throws SignatureException {
    expect(der, pos, 0x02);
    int length = length(der, pos);
    int start = pos[0];
    if (length == 0 || start + length > der.length) {
      throw new SignatureException("ECDSA signature: bad DER integer");
    }
    // DER adds a zero octet before a value whose high bit is set; drop leading zeros, then left-pad.
    while (length > 1 && der[start] == 0) {
      start++;
      length--;
    }
    if (length > size) {
      throw new SignatureException("ECDSA signature: integer longer than " + size + " octets");
    }
    System.arraycopy(der, start, out, offset + size - length, length);
    pos[0] = start + length;
  }

  private static void expect(byte[] der, int[] pos, int tag) throws SignatureException {
    if (pos[0] >= der.length || (der[pos[0]] & 0xff) != tag) {
      throw new SignatureException("ECDSA signature: expected DER tag " + tag);
    }
    pos[0]++;
  }

  private static int length(byte[] der, int[] pos) throws SignatureException {
    if (pos[0] >= der.length) {
      throw new SignatureException("ECDSA signature: truncated");
    }
    int first = der[pos[0]++] & 0xff;
    if (first < 0x80) {
      return first;
    }
    if (first == 0x81 && pos[0] < der.length) {
      return der[pos[0]++] & 0xff;
    }
    throw new SignatureException("ECDSA signature: unsupported DER length");
  }
}
