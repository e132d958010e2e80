package io.wadns.rrl;

import io.wadns.rrl.ResponseRateLimiter.Decision;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The accounts of response rate limiting: a fixed-size, set-associative table of token buckets
 * keyed by a 64-bit hash of (client prefix, response identity). Its memory is allocated once, so a
 * flood of distinct clients cannot grow it: a new key takes a free slot of its set or, when the set
 * is full, the slot used longest ago (an LRU per set of {@value #WAYS} slots, close to a global LRU).
 * Two keys with one hash share an account, which only makes limiting coarser.
 *
 * <p>Thread-safe: a set is read and written under one of a fixed pool of striped monitors, held
 * for a few array accesses. A decision allocates nothing.
 */
final class RrlTable {
  static final int WAYS = 8;
  private static final int MAX_LOCKS = 1024;

  private final long rate;
  /** BIND's penalty box: a bucket owes at most a window's worth of responses. */
  private final long floor;
  private final long window;
  private final int slip;

  private final int ways;
  private final int sets;
  private final long[] keys;
  /** The second the bucket was last credited, which is also the last time it was used. */
  private final long[] seconds;
  private final long[] balances;
  private final byte[] slipCounts;
  private final Object[] locks;
  private final AtomicInteger size = new AtomicInteger();

  RrlTable(int responsesPerSecond, int slip, int windowSeconds, int maxEntries) {
    this.rate = responsesPerSecond;
    this.window = windowSeconds;
    this.floor = -(long) responsesPerSecond * windowSeconds;
    this.slip = slip;
    this.ways = Math.min(WAYS, maxEntries);
    this.sets = maxEntries / ways;
    int capacity = sets * ways;
    this.keys = new long[capacity];
    this.seconds = new long[capacity];
    this.balances = new long[capacity];
    this.slipCounts = new byte[capacity];
    this.locks = new Object[Integer.highestOneBit(Math.min(sets, MAX_LOCKS))];
    for (int i = 0; i < locks.length; i++) {
      locks[i] = new Object();
    }
  }

  /** Debits one response from the account of {@code key} (never 0) at second {@code now}. */
  Decision debit(long key, long now) {
    // Lemire's multiply-shift maps the key's high half onto [0, sets) without a division.
    int set = (int) (((key >>> 32) * sets) >>> 32);
    int base = set * ways;
    synchronized (locks[set & (locks.length - 1)]) {
      int slot = find(base, key);
      if (slot < 0) {
        slot = claim(base, key, now);
      } else {
        credit(slot, now);
      }
      long balance = --balances[slot];
      if (balance >= 0) {
        return Decision.SEND;
      }
      if (balance < floor) {
        balances[slot] = floor;
      }
      return limited(slot);
    }
  }

  /** Occupied slots; never more than {@link #capacity()}. */
  int size() {
    return size.get();
  }

  int capacity() {
    return keys.length;
  }

  private int find(int base, long key) {
    for (int i = base; i < base + ways; i++) {
      if (keys[i] == key) {
        return i;
      }
    }
    return -1;
  }

  private int claim(int base, long key, long now) {
    int victim = base;
    for (int i = base; i < base + ways; i++) {
      if (keys[i] == 0) {
        size.incrementAndGet();
        victim = i;
        break;
      }
      if (seconds[i] < seconds[victim]) {
        victim = i;
      }
    }
    keys[victim] = key;
    seconds[victim] = now;
    balances[victim] = rate;
    slipCounts[victim] = 0;
    return victim;
  }

  /** Credits a second's rate per second elapsed, up to one second's worth; time going back credits nothing. */
  private void credit(int slot, long now) {
    long age = now - seconds[slot];
    if (age <= 0) {
      return;
    }
    seconds[slot] = now;
    // Past the window the debt is forgiven, as in BIND; this also bounds rate * age.
    long balance = age > window ? rate : Math.min(rate, balances[slot] + rate * age);
    balances[slot] = balance;
    if (balance == rate) {
      slipCounts[slot] = 0;
    }
  }

  /** BIND's slip count: the first limited response slips, then every slip-th one. */
  private Decision limited(int slot) {
    if (slip == 0) {
      return Decision.DROP;
    }
    int count = slipCounts[slot];
    slipCounts[slot] = (byte) (count + 1 >= slip ? 0 : count + 1);
    return count == 0 ? Decision.SLIP : Decision.DROP;
  }
}
