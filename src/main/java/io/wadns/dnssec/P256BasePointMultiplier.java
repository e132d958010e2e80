package io.wadns.dnssec;

import java.math.BigInteger;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.math.ec.AbstractECMultiplier;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECMultiplier;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.math.ec.custom.sec.SecP256R1Field;
import org.bouncycastle.math.raw.Nat;
import org.bouncycastle.math.raw.Nat256;

/**
 * k·G on P-256 with 42 point additions and no doublings, which is what an ECDSA signature costs: about
 * half the work of Bouncy Castle's general comb (43 doublings and 43 additions). The field arithmetic is
 * Bouncy Castle's P-256 field; the mixed addition is its own formula (Jacobian plus affine), kept in
 * place on int arrays so that a signature allocates nothing per step.
 *
 * <p>The scalar is made odd (k or n - k; both give the same point up to sign, and the sign is carried by
 * negating every digit) and written in the regular signed-digit form of Joye and Tunstall ("Exponent
 * recoding and regular exponentiation algorithms", AFRICACRYPT 2009): 43 odd digits in [-63, 63], never
 * zero, one per 6-bit window. Window i has its own table of the 64 odd multiples of 2^(6i)·G (affine),
 * so k·G is the sum of one entry per table. Every digit reads its whole table with masks (no
 * secret-dependent index or branch) and no digit is zero. Before the last window no partial sum can equal
 * plus or minus the next entry (both stay below 2^252, under the order n), so the sequence of field
 * operations does not depend on the nonce. The last addition can meet the formula's doubling case for
 * exactly two scalars in [1, n - 1] (30·2^252 - n and its complement, about 2^-255 of all nonces): the
 * sum's Z comes out zero, and that one case is recomputed with Bouncy Castle's comb.
 *
 * <p>Any other point is multiplied by Bouncy Castle's comb. Immutable and thread-safe; the tables (43 x
 * 64 affine points, 176 KB) are built once.
 */
final class P256BasePointMultiplier extends AbstractECMultiplier {
  private static final int STEP = 6;
  private static final int WINDOWS = 43; // 6 x 42 + the final digit's bits 253..255
  private static final int ENTRIES = 1 << STEP; // odd digits -63, -61, ..., 63
  private static final int ENTRY_LONGS = 8; // affine x and y, four 64-bit words each

  private final ECPoint base;
  private final BigInteger order;
  private final int[] orderWords;
  /** tables[i][ENTRY_LONGS * j ...] = (2j - 63)·2^(6i)·G, so a digit d is found at j = (d + 63) / 2. */
  private final long[][] tables = new long[WINDOWS][];
  private final ECMultiplier others = new FixedPointCombMultiplier();

  P256BasePointMultiplier(ECDomainParameters domain) {
    if (domain.getN().bitLength() != 256) {
      throw new IllegalArgumentException("a curve of 256-bit order is needed");
    }
    this.base = domain.getG().normalize();
    this.order = domain.getN();
    this.orderWords = Nat256.fromBigInteger(order);
    ECCurve curve = base.getCurve();
    ECPoint windowBase = base; // 2^(6i)·G
    for (int i = 0; i < WINDOWS; i++) {
      ECPoint[] entries = new ECPoint[ENTRIES];
      ECPoint twice = windowBase.twice();
      ECPoint odd = windowBase;
      for (int m = 0; m < ENTRIES / 2; m++) {
        entries[ENTRIES / 2 + m] = odd;
        entries[ENTRIES / 2 - 1 - m] = odd.negate();
        odd = odd.add(twice);
      }
      curve.normalizeAll(entries);
      long[] table = new long[ENTRIES * ENTRY_LONGS];
      for (int j = 0; j < ENTRIES; j++) {
        pack(entries[j].getAffineXCoord().toBigInteger(), table, j * ENTRY_LONGS);
        pack(entries[j].getAffineYCoord().toBigInteger(), table, j * ENTRY_LONGS + 4);
      }
      tables[i] = table;
      for (int s = 0; s < STEP; s++) {
        windowBase = windowBase.twice();
      }
      windowBase = windowBase.normalize();
    }
  }

  private static void pack(BigInteger v, long[] out, int at) {
    int[] words = Nat256.fromBigInteger(v);
    for (int w = 0; w < 4; w++) {
      out[at + w] = (words[2 * w] & 0xFFFF_FFFFL) | ((long) words[2 * w + 1] << 32);
    }
  }

  @Override
  protected ECPoint multiplyPositive(ECPoint p, BigInteger k) {
    if (!p.equals(base)) {
      return others.multiply(p, k);
    }
    BigInteger reduced = k.compareTo(order) >= 0 ? k.mod(order) : k;
    if (reduced.signum() == 0) {
      return p.getCurve().getInfinity();
    }
    int[] scalar = new int[9]; // the scalar's eight words and a zero one for reading across the top
    System.arraycopy(Nat256.fromBigInteger(reduced), 0, scalar, 0, 8);
    int[] negated = Nat256.create();
    Nat256.sub(orderWords, scalar, negated); // n - k, odd when k is even (n is odd)
    int even = (scalar[0] & 1) ^ 1;
    Nat.cmov(8, even, negated, 0, scalar, 0);
    // (n - k)·G = -(k·G): with an even k, every digit of n - k is negated, index j becoming 63 - j.
    int flip = -even & (ENTRIES - 1);

    Sum sum = new Sum();
    select(tables[0], digitIndex(scalar, 0) ^ flip, sum.x, sum.y);
    sum.z[0] = 1;
    for (int i = 1; i < WINDOWS; i++) {
      select(tables[i], digitIndex(scalar, i) ^ flip, sum.ax, sum.ay);
      sum.addAffine();
    }
    if (Nat256.isZero(sum.z)) {
      return others.multiply(p, k); // the last addition was a doubling (see the class comment)
    }
    return sum.toPoint(p.getCurve());
  }

  /**
   * The table index (d + 63) / 2 of the i-th odd digit d of the odd scalar. For the recoding above
   * this is bits 6i+1 to 6i+6 of the scalar itself, and for the last digit (always positive, at most 15)
   * 32 plus bits 253 to 255: the digits sum to 2·(k >> 1) - (2^252 - 1) + 2^252 = k.
   */
  static int digitIndex(int[] scalar, int i) {
    int bit = STEP * i + 1;
    long pair = (scalar[bit >>> 5] & 0xFFFF_FFFFL) | ((long) scalar[(bit >>> 5) + 1] << 32);
    int bits = (int) (pair >>> (bit & 31));
    return i < WINDOWS - 1 ? bits & (ENTRIES - 1) : ENTRIES / 2 + (bits & 7);
  }

  /** Copies entry {@code index} of {@code table} to x and y, reading every entry the same way. */
  private static void select(long[] table, int index, int[] x, int[] y) {
    long x0 = 0, x1 = 0, x2 = 0, x3 = 0, y0 = 0, y1 = 0, y2 = 0, y3 = 0;
    for (int j = 0, at = 0; j < ENTRIES; j++, at += ENTRY_LONGS) {
      long mask = (long) ((j ^ index) - 1) >> 63; // all ones for j == index, else zero
      x0 |= table[at] & mask;
      x1 |= table[at + 1] & mask;
      x2 |= table[at + 2] & mask;
      x3 |= table[at + 3] & mask;
      y0 |= table[at + 4] & mask;
      y1 |= table[at + 5] & mask;
      y2 |= table[at + 6] & mask;
      y3 |= table[at + 7] & mask;
    }
    unpack(x, x0, x1, x2, x3);
    unpack(y, y0, y1, y2, y3);
  }

  private static void unpack(int[] out, long w0, long w1, long w2, long w3) {
    out[0] = (int) w0;
    out[1] = (int) (w0 >>> 32);
    out[2] = (int) w1;
    out[3] = (int) (w1 >>> 32);
    out[4] = (int) w2;
    out[5] = (int) (w2 >>> 32);
    out[6] = (int) w3;
    out[7] = (int) (w3 >>> 32);
  }

  /** The running sum in Jacobian coordinates (X, Y, Z), the next affine addend, and scratch space. */
  private static final class Sum {
    final int[] x = Nat256.create();
    final int[] y = Nat256.create();
    final int[] z = Nat256.create();
    final int[] ax = Nat256.create();
    final int[] ay = Nat256.create();
    private final int[] s2 = Nat256.create();
    private final int[] u2 = Nat256.create();
    private final int[] h = Nat256.create();
    private final int[] r = Nat256.create();
    private final int[] hSquared = Nat256.create();
    private final int[] g = Nat256.create();
    private final int[] v = Nat256.create();
    private final int[] ext1 = Nat256.createExt();
    private final int[] ext2 = Nat256.createExt();

    /**
     * (X, Y, Z) += (ax, ay): Bouncy Castle's SecP256R1Point.add for an affine addend, 8 multiplications
     * and 3 squarings. H = X - ax·Z^2 is zero only in the doubling case of the class comment, which
     * leaves Z zero for the caller to see.
     */
    void addAffine() {
      SecP256R1Field.square(z, s2, ext1);
      SecP256R1Field.multiply(s2, ax, u2, ext1); // U2 = ax·Z^2
      SecP256R1Field.multiply(s2, z, s2, ext1);
      SecP256R1Field.multiply(s2, ay, s2, ext1); // S2 = ay·Z^3
      SecP256R1Field.subtract(x, u2, h); // H = X - U2
      SecP256R1Field.subtract(y, s2, r); // R = Y - S2
      SecP256R1Field.square(h, hSquared, ext1);
      SecP256R1Field.multiply(hSquared, h, g, ext1); // G = H^3
      SecP256R1Field.multiply(hSquared, x, v, ext1); // V = X·H^2
      Nat256.mul(y, g, ext1); // Y·G, reduced below
      SecP256R1Field.square(r, x, ext2); // X3 = R^2 + G - 2V
      SecP256R1Field.add(x, g, x);
      SecP256R1Field.subtract(x, v, x);
      SecP256R1Field.subtract(x, v, x);
      SecP256R1Field.subtract(v, x, y); // Y3 = (V - X3)·R - Y·G
      Nat256.mul(y, r, ext2);
      SecP256R1Field.subtractExt(ext2, ext1, ext2);
      SecP256R1Field.reduce(ext2, y);
      SecP256R1Field.multiply(z, h, z, ext1); // Z3 = Z·H
    }

    /** The affine point (X/Z^2, Y/Z^3); Z is never zero, since k·G is not the identity for 0 < k < n. */
    ECPoint toPoint(ECCurve curve) {
      SecP256R1Field.inv(z, h);
      SecP256R1Field.square(h, hSquared, ext1);
      SecP256R1Field.multiply(x, hSquared, ax, ext1);
      SecP256R1Field.multiply(hSquared, h, g, ext1);
      SecP256R1Field.multiply(y, g, ay, ext1);
      return curve.createPoint(Nat256.toBigInteger(ax), Nat256.toBigInteger(ay));
    }
  }
}
