package io.wadns.health;

import io.wadns.health.CheckSpec.Protocol;
import io.wadns.health.CheckSpec.StatusRange;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.xbill.DNS.Compression;
import org.xbill.DNS.DNSInput;
import org.xbill.DNS.DNSOutput;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Tokenizer;
import org.xbill.DNS.WireParseException;

/**
 * {@code OWNER [TTL] [IN] HEALTHCHECK tcp|http|https [key=value ...]}: how every A and AAAA address of
 * OWNER is probed. Configuration only, never answered. Wire form (for RFC 3597 {@code \#} input):
 * one character-string for the protocol, then one per option.
 */
public final class HealthCheckRecord extends Record {
  /** Type code, from the private-use range (RFC 6895 §3.1). */
  public static final int TYPE = 65301;

  static final Duration MIN_INTERVAL = Duration.ofMillis(50);
  static final Duration MAX_INTERVAL = Duration.ofHours(1);
  static final Duration MIN_TIMEOUT = Duration.ofMillis(10);

  private List<String> words = List.of();
  private CheckSpec spec;

  public HealthCheckRecord() {}

  /** The parsed check. The Host header defaults to the owner name when {@code host=} is absent. */
  public CheckSpec spec() {
    return spec;
  }

  @Override
  protected void rdataFromString(Tokenizer st, Name origin) throws IOException {
    List<String> read = new ArrayList<>();
    while (true) {
      Tokenizer.Token t = st.get();
      if (!t.isString()) {
        st.unget();
        break;
      }
      read.add(t.value());
    }
    try {
      apply(read);
    } catch (IllegalArgumentException e) {
      throw st.exception(e.getMessage());
    }
  }

  @Override
  protected void rrFromWire(DNSInput in) throws IOException {
    List<String> read = new ArrayList<>();
    while (in.remaining() > 0) {
      read.add(new String(in.readCountedString(), StandardCharsets.US_ASCII));
    }
    try {
      apply(read);
    } catch (IllegalArgumentException e) {
      throw new WireParseException(io.wadns.text.SafeText.of(e.getMessage())); // a peer's bytes: escaped
    }
  }

  @Override
  protected void rrToWire(DNSOutput out, Compression c, boolean canonical) {
    for (String w : words) {
      out.writeCountedString(w.getBytes(StandardCharsets.US_ASCII));
    }
  }

  @Override
  protected String rrToString() {
    return String.join(" ", words);
  }

  private void apply(List<String> read) {
    if (read.isEmpty()) {
      throw new IllegalArgumentException("HEALTHCHECK needs a protocol: tcp, http or https");
    }
    Protocol protocol = switch (read.get(0).toLowerCase(Locale.ROOT)) {
      case "tcp" -> Protocol.TCP;
      case "http" -> Protocol.HTTP;
      case "https" -> Protocol.HTTPS;
      default -> throw new IllegalArgumentException("unknown HEALTHCHECK protocol '" + read.get(0)
          + "' (known: tcp, http, https)");
    };
    int port = protocol == Protocol.HTTP ? 80 : protocol == Protocol.HTTPS ? 443 : -1;
    Duration interval = Duration.ofSeconds(10);
    Duration timeout = Duration.ofSeconds(2);
    int rise = 2;
    int fall = 3;
    String path = "/";
    String host = null;
    List<StatusRange> expect = List.of(new StatusRange(200, 399));
    boolean insecure = false;
    Set<String> seen = new HashSet<>();
    for (String option : read.subList(1, read.size())) {
      int eq = option.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("HEALTHCHECK option '" + option + "' must be key=value");
      }
      String key = option.substring(0, eq);
      String value = option.substring(eq + 1);
      if (!seen.add(key)) {
        throw new IllegalArgumentException("HEALTHCHECK option '" + key + "' given twice");
      }
      boolean web = protocol != Protocol.TCP;
      switch (key) {
        case "port" -> port = integer(key, value, 1, 65535);
        case "interval" -> interval = seconds(key, value);
        case "timeout" -> timeout = seconds(key, value);
        case "rise" -> rise = integer(key, value, 1, 100);
        case "fall" -> fall = integer(key, value, 1, 100);
        case "path" -> path = httpOnly(web, key, pathValue(value));
        case "host" -> host = httpOnly(web, key, hostValue(value));
        case "expect" -> expect = httpOnly(web, key, statuses(value));
        case "insecure" -> {
          if (protocol != Protocol.HTTPS) {
            throw new IllegalArgumentException("HEALTHCHECK option 'insecure' applies to https only");
          }
          insecure = yesNo(key, value);
        }
        default -> throw new IllegalArgumentException("unknown HEALTHCHECK option '" + key
            + "' (known: port, interval, timeout, rise, fall, path, host, expect, insecure)");
      }
    }
    if (port < 0) {
      throw new IllegalArgumentException("HEALTHCHECK tcp needs port=N");
    }
    if (interval.compareTo(MIN_INTERVAL) < 0 || interval.compareTo(MAX_INTERVAL) > 0) {
      throw new IllegalArgumentException("HEALTHCHECK interval must be from 0.05 to 3600 seconds");
    }
    if (timeout.compareTo(MIN_TIMEOUT) < 0 || timeout.compareTo(interval) > 0) {
      throw new IllegalArgumentException("HEALTHCHECK timeout must be from 0.01 seconds up to the interval ("
          + seconds(interval) + " s), so probes of one address never overlap");
    }
    this.spec = new CheckSpec(protocol, port, interval, timeout, rise, fall, path, host, expect, insecure);
    this.words = List.copyOf(read);
  }

  private static <T> T httpOnly(boolean web, String key, T value) {
    if (!web) {
      throw new IllegalArgumentException("HEALTHCHECK option '" + key + "' applies to http and https only");
    }
    return value;
  }

  private static int integer(String key, String value, int min, int max) {
    try {
      int n = Integer.parseInt(value);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("HEALTHCHECK " + key + " must be an integer from " + min + " to " + max
        + ", not '" + value + "'");
  }

  private static Duration seconds(String key, String value) {
    try {
      BigDecimal s = new BigDecimal(value);
      if (s.signum() > 0 && s.scale() <= 3) {
        return Duration.ofMillis(s.movePointRight(3).longValueExact());
      }
    } catch (NumberFormatException | ArithmeticException e) {
      // reported below
    }
    throw new IllegalArgumentException("HEALTHCHECK " + key + " must be a positive number of seconds with at"
        + " most 3 decimals, not '" + value + "'");
  }

  private static String seconds(Duration d) {
    return BigDecimal.valueOf(d.toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString();
  }

  private static boolean yesNo(String key, String value) {
    return switch (value) {
      case "yes" -> true;
      case "no" -> false;
      default -> throw new IllegalArgumentException("HEALTHCHECK " + key + " must be yes or no, not '" + value + "'");
    };
  }

  private static String pathValue(String value) {
    if (!value.startsWith("/") || !value.matches("[\\x21-\\x7e]+")) {
      throw new IllegalArgumentException("HEALTHCHECK path must start with / and hold no spaces, not '" + value + "'");
    }
    return value;
  }

  private static String hostValue(String value) {
    if (!value.matches("[A-Za-z0-9.:\\[\\]-]{1,255}")) {
      throw new IllegalArgumentException("HEALTHCHECK host '" + value + "' is not a host name");
    }
    return value;
  }

  /** {@code 200-399}, {@code 200,204}, or a mix: {@code 200-299,304}. */
  private static List<StatusRange> statuses(String value) {
    List<StatusRange> ranges = new ArrayList<>();
    for (String part : value.split(",", -1)) {
      String[] ends = part.split("-", -1);
      try {
        int from = Integer.parseInt(ends[0]);
        int to = ends.length == 2 ? Integer.parseInt(ends[1]) : from;
        if (ends.length <= 2 && from >= 100 && to <= 599 && from <= to) {
          ranges.add(new StatusRange(from, to));
          continue;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException("HEALTHCHECK expect must be statuses or ranges from 100 to 599 like"
          + " 200-399,404, not '" + value + "'");
    }
    return ranges;
  }
}
