package io.wadns.protocol;

import io.wadns.protocol.CachedAnswer.Rendered;
import io.wadns.resolve.Answer;
import io.wadns.resolve.Query;
import io.wadns.resolve.Resolver;
import io.wadns.weighted.AddressGroup;
import io.wadns.weighted.AliasChoice;
import io.wadns.weighted.Randomness;
import io.wadns.zone.NameLookup;
import io.wadns.zone.Zone;
import io.wadns.zone.ZoneSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Answers the common query shapes from bytes rendered once per zone snapshot, so a typical answer
 * costs a header check, one hash lookup and two array copies. The first query for a name and type
 * renders its answer through the general path; later ones copy it. A test asserts the bytes are
 * identical to the general path's.
 *
 * <p>Only names that exist in a zone are cached (so the cache is bounded by the zones), and only
 * answers that cannot change between queries, plus weighted alias answers, whose every arrangement
 * is rendered up front. A new zone snapshot starts a new cache.
 */
final class FastPath {
  /**
   * Beyond this many entries nothing new is cached: a bound against queries for every type of every
   * name. An entry costs about 250 bytes, so the cache stays under about 64 MB; the names asked most
   * are cached first, and the rest are answered by the general path.
   */
  static final int MAX_ENTRIES = 1 << 18;

  private final Supplier<ZoneSet> zones;
  private final Resolver resolver;
  private final Randomness random;
  private final Renderer renderer;
  private volatile Cache cache;
  private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

  interface Renderer {
    /** The general path's reply to a query for {@code name}/{@code type} with {@code answer}, no OPT, no limit. */
    byte[] render(Name name, int type, Answer answer);
  }

  private static final class Scratch {
    final QueryShape shape = new QueryShape();
    final CacheKey probe = CacheKey.probe();
    final AddressGroup[] picked = new AddressGroup[1];
  }

  /** The alias target of this thread's last fast answer, or null when it picked none. */
  String lastTarget() {
    AddressGroup g = scratch.get().picked[0];
    return g == null ? null : g.id();
  }

  /**
   * After {@link #answer} returned -1 for a weighted name: the group it had already picked, which the
   * general path must answer with (picking again would skew the split), or null. Clears it.
   */
  AddressGroup takePick() {
    Scratch s = scratch.get();
    AddressGroup g = s.picked[0];
    s.picked[0] = null;
    return g;
  }

  private static final class Cache {
    final ZoneSet zones;
    final ConcurrentHashMap<CacheKey, CachedAnswer> entries = new ConcurrentHashMap<>();
    final AtomicInteger size = new AtomicInteger();

    Cache(ZoneSet zones) {
      this.zones = zones;
    }
  }

  FastPath(Supplier<ZoneSet> zones, Resolver resolver, Randomness random, Renderer renderer) {
    this.zones = zones;
    this.resolver = resolver;
    this.random = random;
    this.renderer = renderer;
  }

  /**
   * Writes the reply to {@code packet} into {@code out} and returns its length, or returns -1 when
   * the general path must answer.
   */
  int answer(byte[] packet, int length, Transport transport, byte[] out) {
    Scratch s = scratch.get();
    s.picked[0] = null;
    QueryShape q = s.shape;
    if (!q.read(packet, length)) {
      return -1;
    }
    Cache c = currentCache();
    CachedAnswer entry = c.entries.get(s.probe.point(q));
    if (entry == null) {
      entry = fill(c, q);
      if (entry == null) {
        return -1;
      }
    }
    Rendered r;
    if (entry instanceof CachedAnswer.Fixed fixed) {
      r = fixed.rendered();
    } else if (entry instanceof CachedAnswer.Weighted weighted) {
      r = weighted.pick(random, s.picked);
      if (r == null) {
        return -1; // the general path answers with the group picked here (takePick)
      }
    } else {
      return -1;
    }
    int questionLength = q.questionEnd - 12;
    int total = r.length(questionLength, q.hasOpt);
    if (total > limit(q, transport) || total > out.length) {
      return -1; // the general path truncates, answering with the group picked here (takePick)
    }
    if (s.picked[0] != null) {
      s.picked[0].countAnswer();
    }
    return write(packet, q, r, out);
  }

  private static int limit(QueryShape q, Transport transport) {
    if (transport == Transport.TCP) {
      return Responder.TCP_SIZE;
    }
    if (!q.hasOpt) {
      return Responder.CLASSIC_UDP_SIZE;
    }
    return Math.max(Responder.CLASSIC_UDP_SIZE, Math.min(q.udpPayload, Responder.ADVERTISED_UDP_SIZE));
  }

  /** Header with the query's ID, RD and CD; the query's own question bytes; the body; our OPT. */
  private static int write(byte[] packet, QueryShape q, Rendered r, byte[] out) {
    byte[] header = r.header();
    System.arraycopy(header, 0, out, 0, 12);
    out[0] = packet[0];
    out[1] = packet[1];
    out[2] |= packet[2] & 0x01; // RD (RFC 1035 §4.1.1)
    out[3] |= packet[3] & 0x10; // CD (RFC 4035 §3.2.2)
    int questionLength = q.questionEnd - 12;
    System.arraycopy(packet, 12, out, 12, questionLength);
    int p = 12 + questionLength;
    byte[] body = r.body();
    System.arraycopy(body, 0, out, p, body.length);
    p += body.length;
    if (q.hasOpt) {
      int arcount = QueryShape.u16(out, 10) + 1;
      out[10] = (byte) (arcount >> 8);
      out[11] = (byte) arcount;
      out[p++] = 0; // root
      out[p++] = 0;
      out[p++] = 41; // OPT
      out[p++] = (byte) (Responder.ADVERTISED_UDP_SIZE >> 8);
      out[p++] = (byte) Responder.ADVERTISED_UDP_SIZE;
      out[p++] = 0; // extended rcode
      out[p++] = 0; // version
      out[p++] = (byte) (q.dnssecOk ? 0x80 : 0); // DO copied (RFC 3225 §3)
      out[p++] = 0;
      out[p++] = 0; // no options
      out[p++] = 0;
    }
    return p;
  }

  private Cache currentCache() {
    ZoneSet now = zones.get();
    Cache c = cache;
    if (c == null || c.zones != now) {
      c = new Cache(now);
      cache = c; // a racing thread may make its own; either is correct for this snapshot
    }
    return c;
  }

  /** Renders the answer for a first query; null when it is not to be cached. */
  private CachedAnswer fill(Cache c, QueryShape q) {
    if (c.size.get() >= MAX_ENTRIES) {
      return null;
    }
    Name name = nameOf(q);
    if (name == null) {
      return null;
    }
    Answer answer = resolver.resolve(new Query(name, q.qtype, false));
    if (!answer.startsAtExistingName()) {
      return null; // bounded only by the zones' names
    }
    CachedAnswer entry;
    if (answer.deterministic()) {
      entry = new CachedAnswer.Fixed(split(renderer.render(name, q.qtype, answer)));
    } else {
      entry = weighted(c.zones, name, q.qtype);
    }
    if (c.entries.putIfAbsent(CacheKey.copyOf(q), entry) == null) {
      c.size.incrementAndGet();
    }
    return entry;
  }

  /** For A/AAAA at a name whose addresses come from weighted aliases: every arrangement rendered. */
  private CachedAnswer weighted(ZoneSet set, Name name, int qtype) {
    if (qtype != Type.A && qtype != Type.AAAA) {
      return CachedAnswer.GENERAL;
    }
    Zone zone = set.find(name);
    if (zone == null || !(zone.lookup(name) instanceof NameLookup.Exact exact)) {
      return CachedAnswer.GENERAL;
    }
    AliasChoice choice = exact.node().alias(qtype);
    if (choice == null || exact.node().cname() != null) {
      return CachedAnswer.GENERAL;
    }
    List<AddressGroup> leaves = choice.leaves();
    Rendered[][] renderings = new Rendered[leaves.size()][];
    for (AddressGroup group : leaves) {
      Rendered[] rotations = new Rendered[group.size()];
      for (int r = 0; r < rotations.length; r++) {
        List<Record> records = new ArrayList<>(group.size());
        group.addRotation(records, r);
        rotations[r] = split(renderer.render(name, qtype, Answer.authoritative(records)));
      }
      renderings[group.ordinal()] = rotations;
    }
    return new CachedAnswer.Weighted(choice, renderings);
  }

  /** Splits a reply to a lower-case query into its header and what follows the question. */
  private static Rendered split(byte[] reply) {
    int p = 12;
    while (reply[p] != 0) {
      p += (reply[p] & 0xFF) + 1;
    }
    p += 5; // root label, type, class
    byte[] header = java.util.Arrays.copyOf(reply, 12);
    byte[] body = java.util.Arrays.copyOfRange(reply, p, reply.length);
    return new Rendered(header, body);
  }

  private static Name nameOf(QueryShape q) {
    try {
      return new Name(java.util.Arrays.copyOf(q.name, q.nameLength));
    } catch (java.io.IOException e) {
      return null;
    }
  }
}
