package io.wadns.health;

import java.time.Instant;
import java.util.Collection;

/** The JSON document served at {@code GET /health}: every checked address and what is known of it. */
public final class HealthReport {
  private HealthReport() {}

  public static String json(Collection<AddressHealth> addresses) {
    StringBuilder sb = new StringBuilder(128 + addresses.size() * 256);
    long up = addresses.stream().filter(AddressHealth::isUp).count();
    sb.append("{\"checked\":").append(addresses.size()).append(",\"up\":").append(up)
        .append(",\"addresses\":[");
    boolean first = true;
    for (AddressHealth a : addresses) {
      if (!first) {
        sb.append(',');
      }
      first = false;
      CheckSpec spec = a.spec();
      sb.append("\n{\"group\":");
      string(sb, a.group().toString());
      sb.append(",\"address\":");
      string(sb, a.address().getHostAddress());
      sb.append(",\"check\":");
      string(sb, spec.protocol().name().toLowerCase() + " port " + spec.port());
      sb.append(",\"state\":");
      string(sb, a.isUp() ? "up" : "down");
      sb.append(",\"last_result\":");
      string(sb, a.lastResult());
      sb.append(",\"last_probe\":");
      time(sb, a.lastProbe());
      sb.append(",\"last_change\":");
      time(sb, a.lastChange());
      sb.append('}');
    }
    return sb.append("\n]}\n").toString();
  }

  private static void time(StringBuilder sb, Instant t) {
    if (t == null) {
      sb.append("null");
    } else {
      string(sb, t.toString());
    }
  }

  /** A JSON string literal (RFC 8259 §7). */
  static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
