package io.wadns.dnssec;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.WNafL2RMultiplier;
import org.bouncycastle.math.raw.Nat256;
import org.junit.jupiter.api.Test;

/**
 * The table multiplier computes exactly k·G, checked against Bouncy Castle's window-NAF multiplier (a
 * different algorithm) for random scalars and for the ones at the edges of the recoding: small, even,
 * near the order, with every bit of the top windows set, and the two whose last addition doubles.
 */
class P256BasePointMultiplierTest {
  private static final X9ECParameters X9 = CustomNamedCurves.getByName("secp256r1");
  private static final ECDomainParameters P256 =
      new ECDomainParameters(X9.getCurve(), X9.getG(), X9.getN(), X9.getH(), X9.getSeed());
  private static final BigInteger N = P256.getN();
  private static final P256BasePointMultiplier MULTIPLIER = new P256BasePointMultiplier(P256);

  @Test
  void multipliesTheBasePointLikeAnotherAlgorithmForRandomAndEdgeScalars() {
    List<BigInteger> scalars = new ArrayList<>();
    for (long small = 1; small <= 130; small++) {
      scalars.add(BigInteger.valueOf(small));
    }
    for (int shift : new int[] {6, 7, 12, 13, 128, 252, 253, 254, 255}) {
      BigInteger power = BigInteger.ONE.shiftLeft(shift);
      scalars.add(power);
      scalars.add(power.subtract(BigInteger.ONE));
      scalars.add(power.add(BigInteger.ONE));
    }
    // The two scalars whose last addition is a doubling (30·2^252 - n, odd, and its complement n - k).
    BigInteger doubling = BigInteger.valueOf(30).shiftLeft(252).subtract(N);
    scalars.add(doubling);
    scalars.add(N.subtract(doubling));
    for (long below = 1; below <= 70; below++) {
      scalars.add(N.subtract(BigInteger.valueOf(below)));
    }
    Random random = new Random(20261130);
    for (int i = 0; i < 1500; i++) {
      scalars.add(new BigInteger(256, random).mod(N));
    }
    WNafL2RMultiplier reference = new WNafL2RMultiplier();
    for (BigInteger k : scalars) {
      ECPoint expected = reference.multiply(P256.getG(), k).normalize();
      ECPoint actual = MULTIPLIER.multiply(P256.getG(), k).normalize();
      assertThat(actual).as("k = %s", k.toString(16)).isEqualTo(expected);
    }
  }

  @Test
  void theOrderAndZeroGiveTheIdentityAndScalarsAboveTheOrderAreReduced() {
    assertThat(MULTIPLIER.multiply(P256.getG(), N).isInfinity()).isTrue();
    assertThat(MULTIPLIER.multiply(P256.getG(), BigInteger.ZERO).isInfinity()).isTrue();
    BigInteger above = N.add(BigInteger.valueOf(12345));
    assertThat(MULTIPLIER.multiply(P256.getG(), above).normalize())
        .isEqualTo(P256.getG().multiply(BigInteger.valueOf(12345)).normalize());
  }

  @Test
  void anotherPointIsMultipliedCorrectlyToo() {
    ECPoint other = P256.getG().multiply(BigInteger.valueOf(987654321)).normalize();
    BigInteger k = new BigInteger("123456789abcdef123456789abcdef", 16);
    assertThat(MULTIPLIER.multiply(other, k).normalize()).isEqualTo(other.multiply(k).normalize());
  }

  @Test
  void theOddDigitsOfAnOddScalarSumToIt() {
    Random random = new Random(7);
    for (int i = 0; i < 2000; i++) {
      BigInteger k = new BigInteger(256, random).setBit(0);
      int[] words = new int[9];
      System.arraycopy(Nat256.fromBigInteger(k), 0, words, 0, 8);
      BigInteger sum = BigInteger.ZERO;
      for (int w = 0; w < 43; w++) {
        int digit = 2 * P256BasePointMultiplier.digitIndex(words, w) - 63;
        assertThat(digit).isOdd().isBetween(-63, 63);
        sum = sum.add(BigInteger.valueOf(digit).shiftLeft(6 * w));
      }
      assertThat(sum).isEqualTo(k);
    }
  }
}
