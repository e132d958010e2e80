package io.wadns.zonetext;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds where a zone file can be cut into chunks that read the same apart as together: at the
 * start of a line that begins an entry with its own owner name (so no chunk starts with a blank
 * owner, RFC 1035 §5.1), outside parentheses, quotes and comments.
 *
 * <p>One quick pass over the bytes, following the lexer's rules for what hides a newline: a
 * backslash escapes the next byte, a quoted string ends at the end of its line at the latest, a
 * comment runs to the end of its line, and parentheses join lines. It also notes where each
 * directive starts, so a chunk can learn the {@code $ORIGIN} and {@code $TTL} in force at its start.
 */
final class EntryBoundaries {
  /** A place to cut: the offset of a line's first byte, and that line's number. */
  record Cut(int offset, int line) {}

  /** The cuts (the first is always offset 0, line 1) and the directive offsets, in file order. */
  record Plan(List<Cut> cuts, List<Integer> directives, boolean hasNul) {}

  private EntryBoundaries() {}

  /** The bytes that can change what a newline means; every other byte is skipped in a tight loop. */
  private static final boolean[] SPECIAL = new boolean[256];

  static {
    for (char c : new char[] {0, '\n', '\\', '"', ';', '(', ')'}) {
      SPECIAL[c] = true;
    }
  }

  /** Plans about {@code wanted} chunks of similar size. */
  static Plan plan(byte[] text, int length, int wanted) {
    List<Cut> cuts = new ArrayList<>();
    List<Integer> directives = new ArrayList<>();
    cuts.add(new Cut(0, 1));
    long step = Math.max(1, length / Math.max(1, wanted));
    long nextCut = step;
    int depth = 0;
    boolean quoted = false;
    boolean lineStart = true;
    int line = 1;
    int i = 0;
    while (i < length) {
      if (lineStart) {
        lineStart = false;
        byte first = text[i];
        if (first == '$') {
          directives.add(i);
        } else if (i >= nextCut && startsOwner(first) && cuts.size() < wanted) {
          cuts.add(new Cut(i, line));
          nextCut = i + step;
        }
      }
      while (i < length && !SPECIAL[text[i] & 0xFF]) {
        i++;
      }
      if (i == length) {
        break;
      }
      byte b = text[i++];
      if (b == 0) {
        return new Plan(List.of(new Cut(0, 1)), List.of(), true);
      }
      if (i < length && text[i] == 0) {
        // escaped or commented-out, a NUL still means this is not zone text (see ZoneLexer)
        return new Plan(List.of(new Cut(0, 1)), List.of(), true);
      }
      if (quoted) {
        if (b == '\\' && i < length && text[i] != '\n') {
          i++;
        } else if (b == '"') {
          quoted = false;
        } else if (b == '\n') {
          quoted = false; // the lexer reports it and the newline still counts
          line++;
          lineStart = depth == 0;
        }
        continue;
      }
      switch (b) {
        case '\\':
          if (i < length) {
            if (text[i] == '\n') {
              line++;
            }
            i++;
          }
          break;
        case '"':
          quoted = true;
          break;
        case ';':
          while (i < length && text[i] != '\n') {
            if (text[i++] == 0) {
              return new Plan(List.of(new Cut(0, 1)), List.of(), true);
            }
          }
          break;
        case '(':
          depth++;
          break;
        case ')':
          if (depth > 0) {
            depth--;
          }
          break;
        default: // '\n'
          line++;
          lineStart = depth == 0;
          break;
      }
    }
    return new Plan(cuts, directives, false);
  }

  /** A byte that starts an owner name, not a blank, comment, directive or parenthesis. */
  private static boolean startsOwner(byte b) {
    return b > ' ' && b < 0x7F && b != ';' && b != '$' && b != '(' && b != ')' && b != '"';
  }
}
