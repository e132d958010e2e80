package io.wadns.tsig;

import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;

/**
 * The TSIG keys wadns shares with its peers, by name. Immutable and thread-safe; each signer it
 * hands out is a new object, so concurrent transfers never share MAC state.
 */
public final class TsigKeyring {
  private static final TsigKeyring EMPTY = new TsigKeyring(Map.of(), Clock.systemUTC());

  private final Map<Name, TsigKey> keys;
  private final Clock clock;

  private TsigKeyring(Map<Name, TsigKey> keys, Clock clock) {
    this.keys = keys;
    this.clock = clock;
  }

  public static TsigKeyring empty() {
    return EMPTY;
  }

  /**
   * @param clock the time TSIG records are signed with and checked against (RFC 8945 §5.2.3)
   * @throws IllegalArgumentException when two keys share a name
   */
  public static TsigKeyring of(Collection<TsigKey> keys, Clock clock) {
    Map<Name, TsigKey> map = new LinkedHashMap<>();
    for (TsigKey k : keys) {
      if (map.put(k.name(), k) != null) {
        throw new IllegalArgumentException("two TSIG keys named " + k.name());
      }
    }
    return new TsigKeyring(Map.copyOf(map), clock);
  }

  public boolean isEmpty() {
    return keys.isEmpty();
  }

  public boolean has(Name name) {
    return keys.containsKey(name);
  }

  /**
   * A signer for the key {@code name} with the algorithm {@code algorithm}, or null when no key of
   * that name and algorithm is known (RFC 8945 §5.2.1: BADKEY).
   */
  public TSIG signer(Name name, Name algorithm) {
    TsigKey key = keys.get(name);
    if (key == null || !key.algorithm().equals(algorithm)) {
      return null;
    }
    return key.signer(clock);
  }

  /** The key {@code name} with {@code algorithm}, or null. */
  TsigKey key(Name name, Name algorithm) {
    TsigKey key = keys.get(name);
    return key == null || !key.algorithm().equals(algorithm) ? null : key;
  }

  /** The key {@code name}, or null when there is none. */
  public TsigKey key(Name name) {
    return keys.get(name);
  }

  /** A signer for the key {@code name}, or null when there is none. */
  public TSIG signer(Name name) {
    TsigKey key = keys.get(name);
    return key == null ? null : key.signer(clock);
  }

  public Clock clock() {
    return clock;
  }
}
