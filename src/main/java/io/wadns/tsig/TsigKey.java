package io.wadns.tsig;

import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSOutput;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;

/**
 * One TSIG key (RFC 8945 §4): its name, its HMAC algorithm and its shared secret. The secret never
 * leaves this object but inside a {@link TSIG} signer, a {@link TsigStreamVerifier}'s keyed HMAC or a MAC
 * made here: {@link #toString()} hides it, and no message, log line or metric is ever made from it.
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

  /**
   * A verifier of the answer, in many messages, to a request signed with this key whose MAC was
   * {@code requestMac}; it checks the time against {@code clock}.
   */
  public TsigStreamVerifier streamVerifier(byte[] requestMac, Clock clock) {
    return new TsigStreamVerifier(mac(), name.toWireCanonical(), algorithm.toWireCanonical(), requestMac.clone(),
        clock);
  }

  /** An HMAC of this key's algorithm, initialized with its secret. */
  private Mac mac() {
    try {
      String javaName = TSIG.nameToAlgorithm(algorithm);
      Mac mac = Mac.getInstance(javaName);
      mac.init(new SecretKeySpec(secret, javaName));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC " + algorithm + " is not available", e);
    }
  }

  /**
   * The TSIG of a BADTIME answer {@code reply} (without its TSIG) to {@code query}, signed with this key
   * (RFC 8945 §5.2.3): the request's Time Signed and our time, {@code now}, as its Other Data. The MAC
   * covers the request's MAC, the reply and every TSIG variable, Other Data included (§4.3.3); dnsjava's
   * {@link TSIG#generate} leaves Other Data out of the MAC it makes for BADTIME, so no client could check it.
   */
  TSIGRecord badTime(Message query, byte[] reply, Instant now) {
    TSIGRecord request = query.getTSIG();
    Duration fudge = Duration.ofSeconds(300); // RFC 8945 §10: the recommended fudge, as dnsjava signs with
    DNSOutput variables = new DNSOutput();
    name.toWireCanonical(variables);
    variables.writeU16(DClass.ANY);
    variables.writeU32(0);
    algorithm.toWireCanonical(variables);
    writeTime(variables, request.getTimeSigned());
    variables.writeU16((int) fudge.getSeconds());
    variables.writeU16(Rcode.BADTIME);
    DNSOutput other = new DNSOutput(6);
    writeTime(other, now);
    variables.writeU16(6);
    variables.writeByteArray(other.toByteArray());
    Mac mac = mac();
    int macLength = request.getSignature().length;
    mac.update(new byte[] {(byte) (macLength >>> 8), (byte) macLength});
    mac.update(request.getSignature());
    mac.update(reply);
    byte[] signature = mac.doFinal(variables.toByteArray());
    return new TSIGRecord(name, DClass.ANY, 0, algorithm, request.getTimeSigned(), fudge, signature,
        query.getHeader().getID(), Rcode.BADTIME, other.toByteArray());
  }

  /** A TSIG time: 48 bits of seconds since the epoch (RFC 8945 §4.2). */
  private static void writeTime(DNSOutput out, Instant when) {
    long seconds = when.getEpochSecond();
    out.writeU16((int) (seconds >>> 32) & 0xFFFF);
    out.writeU32(seconds & 0xFFFFFFFFL);
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
