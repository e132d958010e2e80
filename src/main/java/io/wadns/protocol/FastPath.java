package io.wadns.protocol;

import io.wadns.health.HealthView;
import io.wadns.protocol.CachedAnswer.Rendered;
import io.wadns.resolve.Answer;
import io.wadns.resolve.Query;
import io.wadns.resolve.Resolver;
import io.wadns.weighted.AddressGroup;
import io.wadns.weighted.Pick;
import io.wadns.weighted.WeightedName;
import io.wadns.weighted.Randomness;
import io.wadns.wire.Wire;
import io.wadns.zone.NameLookup;
import io.wadns.zone.Zone;
import io.wadns.zone.ZoneSet;
import io.wadns.zone.ZoneSignatures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Answers the common query shapes from bytes rendered once per zone snapshot, so a typical answer
 * costs a header check, one hash lookup and two array copies. The first query for a name and type
 * renders its answer through the encoder; later ones copy it. A test asserts the bytes are identical
 * to the general path's.
 *
 * <p>Names that exist in a zone are cached by name (so that cache is bounded by the zones): answers
 * that cannot change between queries, and weighted alias answers, whose every arrangement is rendered
 * up front. Other names (NXDOMAIN, below a cut, a wildcard's synthesis) share a fixed number of slots
 * ({@link #OTHER_SLOTS}). A new zone snapshot starts a new cache, which takes over, as they are asked
 * for, the answers of the one before that came from a zone the new snapshot still holds for their name:
 * a reload of 10,000 zones with one changed would otherwise render every answer of the other 9,999 again,
 * all at once, under whatever load the server carries (see {@link CachedAnswer#zone}).
 */
final class FastPath {
  /** A weighted name with more rotations than this over all its groups is answered by the general path. */
  static final int MAX_RENDERINGS = 1024;

  /**
   * Beyond this many entries nothing new is cached: a bound against queries for every type of every
   * name. An entry costs about 250 bytes, so the cache stays under about 64 MB; the names asked most
   * are cached first, and the rest are answered by the general path.
   */
  static final int MAX_ENTRIES = 1 << 18;

  /**
   * Slots for the answers to names the zones do not hold as such: NXDOMAIN, a referral for a name below a
   * cut, a wildcard's synthesis. Such names are not bounded by the zones, so each hashes to one slot that
   * keeps the last answer rendered there: a flood of random names only replaces slots (about 250 bytes
   * each, so 4 MB at most), while names asked again and again (the same typo, a resolver asking once more
   * when its negative TTL ends, the hosts of a wildcard) are answered by a copy.
   */
  static final int OTHER_SLOTS = 1 << 14;

  /**
   * How long a new cache may take answers over from the one before: the names asked often are asked within
   * it, when every one of them would otherwise be rendered anew at once; then the snapshot before, with the
   * old versions of its changed zones, is let go (a set that shares no zone with the one before takes none).
   */
  static final long CARRY_NANOS = 3_000_000_000L;

  private final Resolver resolver;
  private final Randomness random;
  private volatile Cache cache;

  /** One answer kept in {@link Cache#others}; immutable, so a slot is published by a plain write. */
  private record Slot(CacheKey key, CachedAnswer answer) {}

  private static final class Cache {
    final ZoneSet zones;
    final ConcurrentHashMap<CacheKey, CachedAnswer> entries = new ConcurrentHashMap<>();
    final AtomicInteger size = new AtomicInteger();
    final Slot[] others = new Slot[OTHER_SLOTS];
    /** The cache of the snapshot before, whose answers may be taken over until {@link #carryUntil}; or null. */
    volatile Cache before;
    final long carryUntil;

    Cache(ZoneSet zones, Cache before) {
      this.zones = zones;
      this.before = before;
      this.carryUntil = System.nanoTime() + CARRY_NANOS;
    }

    private static int slot(CacheKey key) {
      int h = key.hashCode();
      return (h ^ (h >>> 16)) & (OTHER_SLOTS - 1);
    }

    CachedAnswer other(CacheKey key) {
      Slot s = others[slot(key)];
      return s != null && s.key().equals(key) ? s.answer() : null;
    }

    void keepOther(CacheKey key, CachedAnswer answer) {
      others[slot(key)] = new Slot(key, answer); // racing writers: either slot is right for this snapshot
    }

    /** Keeps the answer of a name of the zones; the caller has seen room under {@link #MAX_ENTRIES}. */
    void keepNamed(CacheKey key, CachedAnswer answer) {
      if (entries.putIfAbsent(key, answer) == null) {
        size.incrementAndGet();
      }
    }
  }

  FastPath(Resolver resolver, Randomness random) {
    this.resolver = resolver;
    this.random = random;
  }

  /**
   * What the cache makes of the first {@code length} bytes of {@code packet}, read into
   * {@code shape}, under this query's zones and health. A {@link FastAnswer.Served} is to be written
   * with that same shape.
   */
  FastAnswer answer(byte[] packet, int length, Transport transport, QueryShape shape, ZoneSet zones,
      HealthView health) {
    if (!shape.read(packet, length)) {
      return FastAnswer.GENERAL;
    }
    Cache c = cacheFor(zones);
    CachedAnswer entry = c.entries.get(shape.key());
    if (entry == null) {
      entry = c.other(shape.key());
    }
    if (entry == null) {
      entry = carried(c, shape);
    }
    if (entry == null) {
      entry = fill(c, shape, health);
      if (entry == null) {
        return FastAnswer.GENERAL;
      }
    }
    FastAnswer fast = entry.answer(random, health);
    if (fast instanceof FastAnswer.Served served) {
      int size = served.rendered().length(shape.questionEnd - Wire.HEADER_LENGTH, shape.hasOpt);
      if (size > ReplyEncoder.sizeLimit(transport, shape.hasOpt, shape.udpPayload)) {
        return served.overflow(); // the encoder truncates, answering with the same pick
      }
    }
    return fast;
  }

  private Cache cacheFor(ZoneSet zones) {
    Cache c = cache;
    if (c != null && c.zones == zones) {
      if (c.before != null && System.nanoTime() - c.carryUntil > 0) {
        c.before = null; // let the snapshot before go, even when every query now hits
      }
      return c;
    }
    if (c != null && c.before != null && c.before.zones == zones) {
      return c.before; // a query that read the snapshot just before the swap: its cache, left in place
    }
    Cache before = c;
    c = new Cache(zones, before != null && zones.sharesAZoneWith(before.zones) ? before : null);
    if (before != null) {
      before.before = null; // one snapshot back at most
    }
    cache = c; // a racing thread may make its own; either is correct for this snapshot
    return c;
  }

  /**
   * The answer the cache before kept for this query, taken over when it came from one zone, and the new
   * snapshot gives the query's name to that very zone: then nothing it was made from has changed. The
   * window is {@link #cacheFor}'s to close.
   */
  private static CachedAnswer carried(Cache c, QueryShape q) {
    Cache before = c.before;
    if (before == null) {
      return null;
    }
    CachedAnswer kept = before.entries.get(q.key());
    boolean other = kept == null;
    if (other) {
      kept = before.other(q.key());
    }
    if (kept == null || kept.zone() == null) {
      return null;
    }
    Name name = nameOf(q);
    if (name == null || c.zones.find(name) != kept.zone()) {
      return null;
    }
    if (other) {
      c.keepOther(q.key().copy(), kept);
    } else if (c.size.get() < MAX_ENTRIES) {
      c.keepNamed(q.key().copy(), kept);
    }
    return kept;
  }

  /**
   * The one zone {@code answer} was read from, or null when it may have read another: a CNAME or DNAME
   * step may lead into any zone, and a DS comes from the parent's side of a cut (RFC 4035 §3.1.4.1).
   * Additional data and glue come from the answer's own zone (AdditionalSection).
   */
  private static Zone onlyZone(ZoneSet set, Name name, int qtype, Answer answer) {
    if (qtype == Type.DS) {
      return null;
    }
    for (Record r : answer.sections().answer()) {
      if (r.getType() == Type.CNAME || r.getType() == Type.DNAME) {
        return null;
      }
    }
    return set.find(name);
  }

  /** The same bytes for every query: {@code answer} rendered once, with the one zone it was read from. */
  private static CachedAnswer fixed(ZoneSet zones, Name name, int qtype, Answer answer) {
    return new CachedAnswer.Fixed(
        new FastAnswer.Served(split(ReplyEncoder.render(name, qtype, answer)), null, FastAnswer.GENERAL),
        onlyZone(zones, name, qtype, answer));
  }

  /** Renders the answer for a first query; null when it is not to be cached. */
  private CachedAnswer fill(Cache c, QueryShape q, HealthView health) {
    Name name = nameOf(q);
    if (name == null) {
      return null;
    }
    Answer answer = resolver.resolve(new Query(name, q.qtype, false, q.dnssecOk), c.zones, health);
    if (!answer.facts().existingName()) {
      // Not bounded by the zones' names: a slot of its own, when the answer is the same at every query.
      if (!answer.facts().cacheable() || !fromZone(answer)) {
        return null;
      }
      CachedAnswer entry = fixed(c.zones, name, q.qtype, answer);
      c.keepOther(q.key().copy(), entry);
      return entry;
    }
    if (c.size.get() >= MAX_ENTRIES) {
      return null;
    }
    CachedAnswer entry;
    if (answer.facts().cacheable()) {
      entry = fixed(c.zones, name, q.qtype, answer);
    } else {
      entry = weighted(c.zones, name, q.qtype, q.dnssecOk);
    }
    c.keepNamed(q.key().copy(), entry);
    return entry;
  }

  /** An answer from a zone's data, not a refusal or a failure, which the general path words itself. */
  private static boolean fromZone(Answer answer) {
    return answer instanceof Answer.Positive || answer instanceof Answer.NoData || answer instanceof Answer.NameError
        || answer instanceof Answer.Referral;
  }

  /** For A/AAAA at a name whose addresses come from weighted aliases: every arrangement rendered. */
  private static CachedAnswer weighted(ZoneSet set, Name name, int qtype, boolean dnssecOk) {
    if (qtype != Type.A && qtype != Type.AAAA) {
      return CachedAnswer.GENERAL;
    }
    Zone zone = set.find(name);
    if (zone == null || !(zone.lookup(name) instanceof NameLookup.Exact exact)) {
      return CachedAnswer.GENERAL;
    }
    WeightedName weighted = exact.node().alias(qtype);
    if (weighted == null || exact.node().cname() != null) {
      return CachedAnswer.GENERAL;
    }
    // RFC 4035 §3.1.1: with DO, each rendering carries the group's RRSIGs, made when the zone was signed.
    ZoneSignatures sigs = dnssecOk ? zone.signatures() : null;
    List<AddressGroup> leaves = weighted.leaves();
    if (leaves.stream().mapToInt(AddressGroup::size).sum() > MAX_RENDERINGS) {
      return CachedAnswer.GENERAL; // bounded work per entry: such a tree is rare, the general path serves it
    }
    FastAnswer.Served[][] renderings = new FastAnswer.Served[leaves.size()][];
    FastAnswer.FallBack[] fallBacks = new FastAnswer.FallBack[leaves.size()];
    for (int leaf = 0; leaf < leaves.size(); leaf++) {
      AddressGroup group = leaves.get(leaf);
      Pick pick = new Pick(weighted, group);
      FastAnswer.FallBack fallBack = new FastAnswer.FallBack(pick);
      FastAnswer.Served[] rotations = new FastAnswer.Served[group.size()];
      for (int r = 0; r < rotations.length; r++) {
        List<Record> records = new ArrayList<>(group.size());
        group.addRotation(records, r, weighted.owner());
        if (sigs != null) {
          records.addAll(sigs.ofGroup(weighted, group));
        }
        Rendered rendered = split(ReplyEncoder.render(name, qtype, Resolver.answerOf(records)));
        rotations[r] = new FastAnswer.Served(rendered, pick, fallBack);
      }
      renderings[leaf] = rotations;
      fallBacks[leaf] = fallBack;
    }
    return new CachedAnswer.Weighted(weighted, renderings, fallBacks, zone);
  }

  /** Splits a reply to a lower-case query into its header and what follows the question. */
  private static Rendered split(byte[] reply) {
    int p = Wire.questionEnd(reply, reply.length);
    return new Rendered(Arrays.copyOf(reply, Wire.HEADER_LENGTH), Arrays.copyOfRange(reply, p, reply.length));
  }

  private static Name nameOf(QueryShape q) {
    try {
      return new Name(Arrays.copyOf(q.name, q.nameLength));
    } catch (java.io.IOException e) {
      return null;
    }
  }
}
