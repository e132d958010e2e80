package io.wadns.health;

/** The outcome of one probe, with a short human reason ("connected in 1 ms", "HTTP 503"). */
public record ProbeResult(boolean ok, String detail) {
  static ProbeResult success(String detail) {
    return new ProbeResult(true, detail);
  }

  static ProbeResult failure(String detail) {
    return new ProbeResult(false, detail);
  }
}
