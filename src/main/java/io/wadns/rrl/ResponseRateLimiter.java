package io.wadns.rrl;

import java.net.InetAddress;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Response rate limiting for UDP replies, after BIND's RRL: each (client network, response
 * identity) pair has a token bucket credited {@code responsesPerSecond} times a second, holding at
 * most one second's worth; a reply without credit is dropped, except that the first limited reply
 * and then every {@code slip}-th one is sent truncated ({@link #slip}) so a real client behind a
 * forged address retries over TCP. A bucket may owe up to {@code windowSeconds} of responses, so a
 * client that keeps flooding stays limited until it has been quiet that long. TCP is never limited:
 * the caller asks only for UDP replies.
 *
 * <p>The client network is the address cut to {@code ipv4PrefixLength} or {@code ipv6PrefixLength}
 * bits (an IPv4-mapped IPv6 address counts as IPv4). The response identity is read from the reply:
 * query name, type and class for an answer or no-data reply; the zone (SOA owner) for a name error;
 * the delegation point for a referral; and a single identity for every error rcode.
 *
 * <p>Thread-safe and non-blocking in practice (monitors held for a few array accesses), with a
 * fixed memory bound of {@code maxTableEntries} buckets; {@link #decide(byte[], byte[], int)}
 * allocates nothing. Logs nothing.
 */
public final class ResponseRateLimiter {
  /** What to do with one UDP reply. */
  public enum Decision {
    /** Send the reply as rendered. */
    SEND,
    /** Send nothing. */
    DROP,
    /** Send the reply rewritten by {@link ResponseRateLimiter#slip}: truncated, so the client retries over TCP. */
    SLIP
  }

  /**
   * Limiter settings, validated on construction; the defaults are BIND's (slip 2, window 15 s, /24
   * and /56) and a table of 100,000 buckets (about 2.5 MB).
   */
  public record Settings(
      int responsesPerSecond,
      int slip,
      int windowSeconds,
      int ipv4PrefixLength,
      int ipv6PrefixLength,
      int maxTableEntries) {
    public static final int DEFAULT_SLIP = 2;
    public static final int DEFAULT_WINDOW_SECONDS = 15;
    public static final int DEFAULT_IPV4_PREFIX_LENGTH = 24;
    public static final int DEFAULT_IPV6_PREFIX_LENGTH = 56;
    public static final int DEFAULT_MAX_TABLE_ENTRIES = 100_000;
    /** 16M buckets is about 400 MB; beyond that a bound is no longer a bound. */
    public static final int MAX_TABLE_ENTRIES = 1 << 24;

    public Settings {
      check("responsesPerSecond", responsesPerSecond, 1, 1_000_000);
      check("slip", slip, 0, 10); // BIND's range
      check("windowSeconds", windowSeconds, 1, 3600); // BIND's range
      check("ipv4PrefixLength", ipv4PrefixLength, 0, 32);
      check("ipv6PrefixLength", ipv6PrefixLength, 0, 128);
      check("maxTableEntries", maxTableEntries, 1, MAX_TABLE_ENTRIES);
    }

    /** The defaults with the given rate. */
    public static Settings ofRate(int responsesPerSecond) {
      return new Settings(
          responsesPerSecond,
          DEFAULT_SLIP,
          DEFAULT_WINDOW_SECONDS,
          DEFAULT_IPV4_PREFIX_LENGTH,
          DEFAULT_IPV6_PREFIX_LENGTH,
          DEFAULT_MAX_TABLE_ENTRIES);
    }

    public Settings withSlip(int newSlip) {
      return new Settings(
          responsesPerSecond, newSlip, windowSeconds, ipv4PrefixLength, ipv6PrefixLength, maxTableEntries);
    }

    private static void check(String name, int value, int min, int max) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(
            name + " must be between " + min + " and " + max + ", got " + value);
      }
    }
  }

  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final long IPV4 = 4L << 56;
  private static final long IPV6 = 6L << 56;

  private final Settings settings;
  private final LongSupplier nanoClock;
  private final long origin;
  private final int ipv4Mask;
  private final long ipv6HighMask;
  private final long ipv6LowMask;
  private final RrlTable table;

  /** {@code nanoClock} is a monotonic clock in nanoseconds, {@code System::nanoTime} in production. */
  public ResponseRateLimiter(Settings settings, LongSupplier nanoClock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.origin = nanoClock.getAsLong();
    this.ipv4Mask = (int) mask(settings.ipv4PrefixLength(), 32);
    this.ipv6HighMask = mask(Math.min(settings.ipv6PrefixLength(), 64), 64);
    this.ipv6LowMask = mask(Math.max(settings.ipv6PrefixLength() - 64, 0), 64);
    this.table =
        new RrlTable(
            settings.responsesPerSecond(),
            settings.slip(),
            settings.windowSeconds(),
            settings.maxTableEntries());
  }

  public Settings settings() {
    return settings;
  }

  /** As {@link #decide(byte[], byte[], int)}, for an address object (which costs a copy of its bytes). */
  public Decision decide(InetAddress client, byte[] reply, int length) {
    return decide(client.getAddress(), reply, length);
  }

  /**
   * Decides for one UDP reply, already rendered into {@code reply[0..length)}, to the client at
   * {@code address} (4 or 16 bytes). Reads the identity from the reply's question, rcode and
   * authority section; a reply it cannot read counts as an error response.
   */
  public Decision decide(byte[] address, byte[] reply, int length) {
    Objects.checkFromIndexSize(0, length, reply.length);
    long key = RrlReply.fmix64(network(address) * 0x9E3779B97F4A7C15L + RrlReply.identity(reply, length));
    return table.debit(key == 0 ? 1 : key, now());
  }

  /**
   * Rewrites {@code reply[0..length)} in place into the reply sent for {@link Decision#SLIP}, as
   * BIND does: the same header with TC set, the question, no answer, authority or additional
   * records except the OPT record of an EDNS reply, and the rcode kept. Returns the new length,
   * which is never more than {@code length}; 0 when the reply has no complete header.
   */
  public static int slip(byte[] reply, int length) {
    Objects.checkFromIndexSize(0, length, reply.length);
    return RrlReply.truncate(reply, length);
  }

  /** Buckets in use, for tests and metrics; never more than {@link Settings#maxTableEntries()}. */
  int tableSize() {
    return table.size();
  }

  /** The client network as a well-mixed long, tagged with its family so the two never meet. */
  private long network(byte[] a) {
    if (a.length == 4) {
      return ipv4(readInt(a, 0));
    }
    if (a.length != 16) {
      throw new IllegalArgumentException("an IP address has 4 or 16 bytes, got " + a.length);
    }
    long high = readLong(a, 0);
    long low = readLong(a, 8);
    if (high == 0 && (low >>> 32) == 0xFFFFL) {
      return ipv4((int) low); // RFC 4291 §2.5.5.2: ::ffff:a.b.c.d is an IPv4 client on a dual-stack socket
    }
    return RrlReply.fmix64(IPV6 ^ RrlReply.fmix64(high & ipv6HighMask) ^ (low & ipv6LowMask));
  }

  private long ipv4(int address) {
    return RrlReply.fmix64(IPV4 | ((address & ipv4Mask) & 0xFFFFFFFFL));
  }

  private long now() {
    return Math.floorDiv(nanoClock.getAsLong() - origin, NANOS_PER_SECOND);
  }

  /** The top {@code bits} of a {@code width}-bit word set. */
  private static long mask(int bits, int width) {
    return bits == 0 ? 0 : (-1L << (width - bits)) & (width == 64 ? -1L : (1L << width) - 1);
  }

  private static int readInt(byte[] a, int p) {
    return ((a[p] & 0xFF) << 24) | ((a[p + 1] & 0xFF) << 16) | ((a[p + 2] & 0xFF) << 8) | (a[p + 3] & 0xFF);
  }

  private static long readLong(byte[] a, int p) {
    return ((long) readInt(a, p) << 32) | (readInt(a, p + 4) & 0xFFFFFFFFL);
  }
}
