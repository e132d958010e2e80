package io.wadns.dnssec;

import java.time.Instant;
import java.util.Optional;

/** Keys with the timing metadata a test needs, for tests outside this package. */
public final class TestKeyTiming {
  private TestKeyTiming() {}

  /** {@code key}, published from {@code publish} and active from {@code activate}. */
  public static ZoneKey withTiming(ZoneKey key, Instant publish, Instant activate) {
    KeyTiming timing = new KeyTiming(Optional.of(publish), Optional.of(publish), Optional.of(activate),
        Optional.empty(), Optional.empty(), Optional.empty());
    return new ZoneKey(key.source(), key.dnskey(), key.algorithm(), timing, key.publicKey(), key.privateKey());
  }
}
