package io.wadns.weighted;

import io.wadns.text.NameText;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Compression;
import org.xbill.DNS.DNSInput;
import org.xbill.DNS.DNSOutput;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Tokenizer;
import org.xbill.DNS.WireParseException;

/**
 * A weighted alias: {@code OWNER [TTL] [IN] ALIAS WEIGHT TARGET [key=value ...]}.
 *
 * <p>WEIGHT is 0-255 (Route 53's range); TARGET is a name in the same zone holding A/AAAA records or
 * further ALIAS records. Options: {@code evaluate-target-health=yes|no}, {@code max=N} and
 * {@code id=NAME}. Wire form (never sent, but needed for RFC 3597 {@code \#} input): weight (u8),
 * target (uncompressed name), then one character-string per option {@code key=value}.
 */
public final class AliasRecord extends Record {
  /** Type code, from the private-use range (RFC 6895 §3.1). */
  public static final int TYPE = 65300;
  /** Upper bound of {@code max=}; an answer of more addresses would not fit a 1232-byte UDP reply. */
  public static final int MAX_ADDRESSES = 64;

  private int weight;
  private Name target;
  private boolean evaluateTargetHealth = true;
  private int max;
  private String id;
  /** The target as text, made once: every tree the alias is in names its groups by it. */
  private String defaultId;

  public AliasRecord() {}

  public int weight() {
    return weight;
  }

  public Name target() {
    return target;
  }

  public boolean evaluateTargetHealth() {
    return evaluateTargetHealth;
  }

  /** At most this many addresses per answer; 0 means the whole group. */
  public int max() {
    return max;
  }

  /** The alias' name in logs and metrics: {@code id=} or, by default, the target. */
  public String id() {
    if (id != null) {
      return id;
    }
    String made = defaultId; // a race makes the same string twice, no harm
    if (made == null) {
      made = NameText.of(target);
      defaultId = made;
    }
    return made;
  }

  @Override
  protected void rdataFromString(Tokenizer st, Name origin) throws IOException {
    String w = st.getString();
    weight = parseWeight(w, st);
    target = st.getName(origin);
    defaultId = null;
    List<String> options = new ArrayList<>();
    while (true) {
      Tokenizer.Token t = st.get();
      if (!t.isString()) {
        st.unget();
        break;
      }
      options.add(t.value());
    }
    try {
      applyOptions(options);
    } catch (IllegalArgumentException e) {
      throw st.exception(e.getMessage());
    }
  }

  private static int parseWeight(String w, Tokenizer st) throws TextParseException {
    try {
      int value = Integer.parseInt(w);
      if (value >= 0 && value <= 255) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw st.exception("ALIAS weight '" + w + "' must be an integer from 0 to 255");
  }

  private void applyOptions(List<String> options) {
    boolean seenHealth = false;
    boolean seenMax = false;
    boolean seenId = false;
    for (String option : options) {
      int eq = option.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("ALIAS option '" + option + "' must be key=value");
      }
      String key = option.substring(0, eq);
      String value = option.substring(eq + 1);
      switch (key) {
        case "evaluate-target-health" -> {
          seenHealth = once(seenHealth, key);
          if (value.equals("yes")) {
            evaluateTargetHealth = true;
          } else if (value.equals("no")) {
            evaluateTargetHealth = false;
          } else {
            throw new IllegalArgumentException("evaluate-target-health must be yes or no, not '" + value + "'");
          }
        }
        case "max" -> {
          seenMax = once(seenMax, key);
          max = parseMax(value);
        }
        case "id" -> {
          seenId = once(seenId, key);
          if (!value.matches("[A-Za-z0-9._:-]{1,63}")) {
            throw new IllegalArgumentException(
                "id '" + value + "' must be 1-63 letters, digits or . _ : -");
          }
          id = value;
        }
        default -> throw new IllegalArgumentException("unknown ALIAS option '" + key
            + "' (known: evaluate-target-health, max, id)");
      }
    }
  }

  private static boolean once(boolean seen, String key) {
    if (seen) {
      throw new IllegalArgumentException("ALIAS option '" + key + "' given twice");
    }
    return true;
  }

  private static int parseMax(String value) {
    try {
      int n = Integer.parseInt(value);
      if (n >= 1 && n <= MAX_ADDRESSES) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("max must be an integer from 1 to " + MAX_ADDRESSES + ", not '" + value + "'");
  }

  private List<String> optionStrings() {
    List<String> out = new ArrayList<>(3);
    if (!evaluateTargetHealth) {
      out.add("evaluate-target-health=no");
    }
    if (max > 0) {
      out.add("max=" + max);
    }
    if (id != null) {
      out.add("id=" + id);
    }
    return out;
  }

  @Override
  protected void rrFromWire(DNSInput in) throws IOException {
    weight = in.readU8();
    target = new Name(in);
    defaultId = null;
    List<String> options = new ArrayList<>();
    while (in.remaining() > 0) {
      options.add(new String(in.readCountedString(), java.nio.charset.StandardCharsets.US_ASCII));
    }
    try {
      applyOptions(options);
    } catch (IllegalArgumentException e) {
      throw new WireParseException(io.wadns.text.SafeText.of(e.getMessage())); // a peer's bytes: escaped
    }
  }

  @Override
  protected void rrToWire(DNSOutput out, Compression c, boolean canonical) {
    out.writeU8(weight);
    target.toWire(out, null, canonical);
    for (String option : optionStrings()) {
      out.writeCountedString(option.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
  }

  @Override
  protected String rrToString() {
    StringBuilder sb = new StringBuilder().append(weight).append(' ').append(target);
    for (String option : optionStrings()) {
      sb.append(' ').append(option);
    }
    return sb.toString();
  }
}
