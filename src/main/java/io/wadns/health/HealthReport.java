package io.wadns.health;

import io.wadns.json.Json;
import io.wadns.text.AddressText;
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
      Json.string(sb, a.group().toString());
      sb.append(",\"address\":");
      Json.string(sb, AddressText.of(a.address()));
      sb.append(",\"check\":");
      Json.string(sb, spec.protocol().name().toLowerCase() + " port " + spec.port());
      sb.append(",\"state\":");
      Json.string(sb, a.isUp() ? "up" : "down");
      sb.append(",\"last_result\":");
      Json.string(sb, a.lastResult());
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
      Json.string(sb, t.toString());
    }
  }
}
