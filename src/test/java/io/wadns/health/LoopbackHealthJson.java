package io.wadns.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code GET /health} report just enough for tests: it is flat objects of strings, numbers
 * and nulls in one array, so a member pattern and an unescaper (RFC 8259 §7) do, with no JSON library.
 */
final class LoopbackHealthJson {
  private static final String VALUE = "(\"(?:[^\"\\\\]|\\\\.)*\"|null|true|false|-?\\d+)";
  private static final Pattern OBJECT = Pattern.compile("\\{(\"group\"[^{}]*)\\}");
  private static final Pattern MEMBER = Pattern.compile("\"([a-z_]+)\":" + VALUE);

  private LoopbackHealthJson() {}

  /** The value of the first member named {@code name}: a string unescaped, anything else as written. */
  static String field(String json, String name) {
    Matcher m = MEMBER.matcher(json);
    while (m.find()) {
      if (m.group(1).equals(name)) {
        return value(m.group(2));
      }
    }
    throw new AssertionError("no member " + name + " in " + json);
  }

  /** The members of each object of the {@code addresses} array, in report order. */
  static List<Map<String, String>> addresses(String json) {
    assertThat(json).startsWith("{").contains("\"addresses\":[");
    List<Map<String, String>> list = new ArrayList<>();
    Matcher objects = OBJECT.matcher(json);
    while (objects.find()) {
      Map<String, String> members = new HashMap<>();
      Matcher m = MEMBER.matcher(objects.group(1));
      while (m.find()) {
        members.put(m.group(1), value(m.group(2)));
      }
      list.add(members);
    }
    return list;
  }

  private static String value(String raw) {
    if (raw.equals("null")) {
      return null;
    }
    if (!raw.startsWith("\"")) {
      return raw;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i < raw.length() - 1; i++) {
      char c = raw.charAt(i);
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      char e = raw.charAt(++i);
      switch (e) {
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'u' -> {
          sb.append((char) Integer.parseInt(raw.substring(i + 1, i + 5), 16));
          i += 4;
        }
        default -> sb.append(e);
      }
    }
    return sb.toString();
  }
}
