package io.wadns.tsig;

import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;

/**
 * One TSIG key (RFC 8945 §4): its name, its HMAC algorithm and its shared secret. The secret never
 * leaves this object but as a {@link TSIG} signer: {@link #toString()} hides it, and no message,
 * log line or metric is ever made from it.
 *
 * @param name the key name as it appears in TSIG records (an absolute domain name)
 * @param algorithm one of {@link #ALGORITHMS}, as a name ({@code hmac-sha256.})
 */
public record TsigKey(Name name, Name algorithm, byte[] secret) {
  /**
   * The algorithms RFC 8945 §6 lists as mandatory or recommended; HMAC-MD5 is left out on purpose
   * (§6: deprecated), as Knot's and BIND's current key generators do.
   */
  public static final Map<String, Name> ALGORITHMS = Map.of(
      "hmac-sha1", TSIG.HMAC_SHA1,
      "hmac-sha224", TSIG.HMAC_SHA224,
      "hmac-sha256", TSIG.HMAC_SHA256,
      "hmac-sha384", TSIG.HMAC_SHA384,
      "hmac-sha512", TSIG.HMAC_SHA512);

  public TsigKey {
    secret = secret.clone();
  }

  /** A signer and verifier with this key that reads the time from {@code clock}. */
  public TSIG signer(Clock clock) {
    String javaName = TSIG.nameToAlgorithm(algorithm);
    return new TSIG(algorithm, name, new SecretKeySpec(secret, javaName), clock);
  }

  @Override
  public byte[] secret() {
    return secret.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TsigKey k && k.name.equals(name) && k.algorithm.equals(algorithm)
        && Arrays.equals(k.secret, secret);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + algorithm.hashCode();
  }

  /** The name and algorithm only: a secret must never reach a log or an error message. */
  @Override
  public String toString() {
    return "TsigKey[" + name + " " + algorithm + ", secret hidden]";
  }
}
