package io.wadns.health;

/**
 * The outcome of one probe, with a short human reason ("connected in 1 ms", "HTTP 503, expected 200-399").
 * The reason is shown in {@code /health} and the log, and part of it can come from the probed endpoint (an
 * error message about its certificate, say), so it is bounded here, once, whatever made it: at most
 * {@value #MAX_DETAIL} characters, printable ASCII only, anything else written as {@code ?}.
 */
public record ProbeResult(boolean ok, String detail) {
  static final int MAX_DETAIL = 120;

  public ProbeResult {
    detail = bounded(detail);
  }

  static ProbeResult success(String detail) {
    return new ProbeResult(true, detail);
  }

  static ProbeResult failure(String detail) {
    return new ProbeResult(false, detail);
  }

  private static String bounded(String text) {
    if (text == null) {
      return "";
    }
    int n = Math.min(text.length(), MAX_DETAIL);
    StringBuilder sb = new StringBuilder(n + 3);
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      sb.append(c >= 0x20 && c < 0x7F ? c : '?');
    }
    return text.length() > MAX_DETAIL ? sb.append("...").toString() : sb.toString();
  }
}
