package io.wadns.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * One value of the configuration file with where it is: its line and its path from the top
 * ({@code transfer.allow[1]}), so every error can say {@code FILE:LINE: PATH: what}. Reading a value
 * as the wrong kind (a list where a word belongs) is such an error.
 */
final class YamlNode {
  /** The longest piece of the file an error message quotes. */
  private static final int QUOTE_MAX = 40;

  private final String file;
  private final Node node;
  private final String path;

  YamlNode(String file, Node node, String path) {
    this.file = file;
    this.node = node;
    this.path = path;
  }

  int line() {
    return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
  }

  String path() {
    return path;
  }

  ConfigException error(String what) {
    return new ConfigException(file, line(), path + ": " + what);
  }

  boolean isNull() {
    return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
  }

  /**
   * The entries of a mapping, in file order; a key outside {@code allowed}, a key that is not a
   * word, or a key given twice is an error.
   */
  Map<String, YamlNode> mapping(Set<String> allowed) throws ConfigException {
    if (!(node instanceof MappingNode m)) {
      throw error("expected a mapping of " + String.join(", ", new TreeSet<>(allowed)) + "; found " + kind());
    }
    Map<String, YamlNode> out = new LinkedHashMap<>();
    for (NodeTuple t : m.getValue()) {
      Node k = t.getKeyNode();
      YamlNode key = new YamlNode(file, k, path);
      if (!(k instanceof ScalarNode s) || k.getTag().equals(Tag.NULL)) {
        throw key.error("a key must be a word; found " + key.kind());
      }
      String name = s.getValue();
      String child = path.isEmpty() ? name : path + "." + name;
      if (!allowed.contains(name)) {
        throw new YamlNode(file, k, child).error("unknown key " + quote(name) + (path.isEmpty() ? "" : " in " + path)
            + "; known keys: " + String.join(", ", new TreeSet<>(allowed)));
      }
      if (out.containsKey(name)) {
        throw new YamlNode(file, k, child).error("given twice (first at line " + out.get(name).line() + ")");
      }
      out.put(name, new YamlNode(file, t.getValueNode(), child));
    }
    return out;
  }

  /** The items of a list; a single value where a list is expected is an error. */
  List<YamlNode> list() throws ConfigException {
    if (!(node instanceof SequenceNode s)) {
      throw error("expected a list; found " + kind());
    }
    List<YamlNode> out = new ArrayList<>();
    for (Node item : s.getValue()) {
      out.add(new YamlNode(file, item, path + "[" + out.size() + "]"));
    }
    return out;
  }

  /** One value or a list of them ({@code listen: 127.0.0.1:53} or {@code listen: [...]}). */
  List<YamlNode> oneOrMore() throws ConfigException {
    return node instanceof SequenceNode ? list() : List.of(this);
  }

  /** A scalar as written: a word, a number or a quoted string, never empty. */
  String text() throws ConfigException {
    if (!(node instanceof ScalarNode s) || isNull()) {
      throw error("expected a value; found " + kind());
    }
    String v = s.getValue();
    if (v.isEmpty()) {
      throw error("empty");
    }
    return v;
  }

  /** A whole number in {@code [min, max]}. */
  long number(long min, long max) throws ConfigException {
    String v = text();
    long n;
    try {
      n = Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw error(quote(v) + " is not a whole number");
    }
    if (n < min || n > max) {
      throw error(n + " is outside " + min + "-" + max);
    }
    return n;
  }

  private String kind() {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    return isNull() ? "nothing" : "a value";
  }

  /**
   * {@code 'text'} with control and non-ASCII characters escaped and at most {@link #QUOTE_MAX}
   * characters, so a message never carries a long line of someone else's file. Never pass a secret.
   */
  static String quote(String text) {
    StringBuilder b = new StringBuilder("'");
    for (int i = 0; i < text.length() && i < QUOTE_MAX; i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c >= 0x7f) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    if (text.length() > QUOTE_MAX) {
      b.append("...");
    }
    return b.append('\'').toString();
  }
}
