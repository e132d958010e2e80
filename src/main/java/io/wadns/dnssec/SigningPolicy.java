package io.wadns.dnssec;

import java.time.Duration;

/**
 * How a zone is signed: how long signatures are valid, how far back their inception lies, when they
 * are made again, and which denial of existence the zone uses.
 *
 * @param validity from signing to expiration; 14 days by default, as Knot's {@code rrsig-lifetime}
 * @param inceptionBack how far before the signing time the inception lies, for validators whose clock is
 *     behind (RFC 6781 §4.4.2.2); one hour by default
 * @param refreshBefore signatures are made again this long before the earliest of them expires; a
 *     quarter of the validity by default, so a server that cannot sign for days still serves valid data
 * @param nsec3 deny with NSEC3 (RFC 5155, with RFC 9276's parameters) instead of NSEC
 */
public record SigningPolicy(Duration validity, Duration inceptionBack, Duration refreshBefore, boolean nsec3) {
  public static final SigningPolicy DEFAULT =
      new SigningPolicy(Duration.ofDays(14), Duration.ofHours(1), Duration.ofDays(14).dividedBy(4), false);

  public SigningPolicy {
    if (validity.compareTo(Duration.ofHours(2)) < 0 || validity.compareTo(Duration.ofDays(365)) > 0) {
      throw new IllegalArgumentException("signature validity must be between 2 hours and 365 days, not " + validity);
    }
    if (inceptionBack.isNegative() || inceptionBack.compareTo(Duration.ofDays(1)) > 0) {
      throw new IllegalArgumentException("inception may lie 0 to 24 hours back, not " + inceptionBack);
    }
    if (refreshBefore.isNegative() || refreshBefore.isZero() || refreshBefore.compareTo(validity.dividedBy(2)) > 0) {
      throw new IllegalArgumentException("signatures are refreshed between 0 and half their validity before expiry, not "
          + refreshBefore);
    }
  }

  /** This policy with NSEC3 (or NSEC). */
  public SigningPolicy withNsec3(boolean on) {
    return new SigningPolicy(validity, inceptionBack, refreshBefore, on);
  }

  /** This policy with signatures valid for {@code days}, refreshed a quarter of that before they expire. */
  public SigningPolicy withValidity(Duration days) {
    return new SigningPolicy(days, inceptionBack, days.dividedBy(4), nsec3);
  }
}
