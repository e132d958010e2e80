package io.wadns.dnssec;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Signs a list of RRsets on every core: the common pool's workers and the calling thread take chunks of
 * the list in turn, each thread with its own signer per key (a JDK {@code Signature} is not thread-safe)
 * and its own random source. {@link #start} returns at once, so the caller can do other work, such as
 * building the denial chain, while the pool signs; {@link #finish} then joins in and waits for the rest.
 */
final class ParallelSigning {
  /** Signing types whose signers are the key-signing keys (RFC 7344 §4.1 for CDS and CDNSKEY). */
  private static final Set<Integer> KEY_SETS = Set.of(Type.DNSKEY, Type.CDS, Type.CDNSKEY);
  /** RRsets per claim: small enough to share the tail evenly, large enough to keep claims rare. */
  private static final int CHUNK = 64;

  private final List<List<Record>> rrsets;
  private final ZoneKeys keys;
  private final Instant now;
  private final Instant inception;
  private final Instant expiration;
  private final Record[][] signatures;
  private final AtomicInteger next = new AtomicInteger();
  private final List<ForkJoinTask<?>> helpers = new ArrayList<>();

  private ParallelSigning(List<List<Record>> rrsets, ZoneKeys keys, Instant now, Instant inception,
      Instant expiration) {
    this.rrsets = rrsets;
    this.keys = keys;
    this.now = now;
    this.inception = inception;
    this.expiration = expiration;
    this.signatures = new Record[rrsets.size()][];
  }

  /** Starts signing {@code rrsets} with the keys active at {@code now}, valid inception to expiration. */
  static ParallelSigning start(List<List<Record>> rrsets, ZoneKeys keys, Instant now, Instant inception,
      Instant expiration) {
    ParallelSigning signing = new ParallelSigning(rrsets, keys, now, inception, expiration);
    int helpers = Math.min(ForkJoinPool.getCommonPoolParallelism(), rrsets.size() / CHUNK);
    for (int i = 0; i < helpers; i++) {
      signing.helpers.add(ForkJoinPool.commonPool().submit(signing::work));
    }
    return signing;
  }

  /** Signs what is left on this thread too, waits for the pool, and returns the RRSIGs, set for set. */
  Record[][] finish() {
    work();
    for (ForkJoinTask<?> helper : helpers) {
      helper.join(); // rethrows a helper's failure
    }
    return signatures;
  }

  /** Leaves the RRsets not yet taken unsigned: after a failure, so the pool stops working for nothing. */
  void stop() {
    next.set(rrsets.size());
  }

  private void work() {
    Map<ZoneKey, RrsetSigner> signers = new HashMap<>();
    SecureRandom random = new SecureRandom();
    // Chosen once: the signers of a set depend only on whether it is a key set
    List<ZoneKey> forKeySets = keys.signersAt(Type.DNSKEY, now);
    List<ZoneKey> forData = keys.signersAt(Type.SOA, now);
    int total = rrsets.size();
    for (int start = next.getAndAdd(CHUNK); start < total; start = next.getAndAdd(CHUNK)) {
      for (int i = start; i < Math.min(total, start + CHUNK); i++) {
        List<Record> rrset = rrsets.get(i);
        int type = rrset.get(0).getType();
        List<ZoneKey> by = KEY_SETS.contains(type) ? forKeySets : forData;
        Record[] sigs = new Record[by.size()];
        for (int k = 0; k < sigs.length; k++) {
          sigs[k] = signers.computeIfAbsent(by.get(k), key -> new RrsetSigner(key, random))
              .sign(rrset, inception, expiration);
        }
        signatures[i] = sigs;
      }
    }
  }
}
