package io.wadns.protocol;

import io.wadns.weighted.Pick;
import io.wadns.wire.Wire;

/**
 * What the answer cache made of one query: a closed set, returned rather than left in thread-local
 * fields. Every instance is made when the cache entry is, so answering allocates nothing.
 */
sealed interface FastAnswer {
  /**
   * The cache answers: copy {@code rendered} for this query.
   *
   * @param pick the weighted pick that made this answer, or null
   * @param overflow what to do instead when the reply exceeds the query's size limit: fall back to
   *     the general path, which truncates, carrying the same pick
   */
  record Served(CachedAnswer.Rendered rendered, Pick pick, FallBack overflow) implements FastAnswer {
    /**
     * Writes the reply to the query {@code shape} was read from into {@code out}: the cached header
     * with the query's ID, RD and CD; the query's own question bytes (the client's spelling); the
     * cached body; and the encoder's OPT when the query had one. Returns its length.
     */
    int write(byte[] packet, QueryShape shape, byte[] out) {
      byte[] header = rendered.header();
      System.arraycopy(header, 0, out, 0, 12);
      out[0] = packet[0];
      out[1] = packet[1];
      out[2] |= packet[2] & 0x01; // RD (RFC 1035 §4.1.1)
      out[3] |= packet[3] & 0x10; // CD (RFC 4035 §3.2.2)
      int questionLength = shape.questionEnd - 12;
      System.arraycopy(packet, 12, out, 12, questionLength);
      int p = 12 + questionLength;
      byte[] body = rendered.body();
      System.arraycopy(body, 0, out, p, body.length);
      p += body.length;
      if (shape.hasOpt) {
        int arcount = Wire.u16(out, 10) + 1;
        out[10] = (byte) (arcount >> 8);
        out[11] = (byte) arcount;
        byte[] opt = ReplyEncoder.optWire(shape.dnssecOk);
        System.arraycopy(opt, 0, out, p, opt.length);
        p += opt.length;
      }
      return p;
    }
  }

  /**
   * The general path must answer; {@code pick} is the weighted group already chosen for this query,
   * which it must answer with (picking again would skew the split), or null.
   */
  record FallBack(Pick pick) implements FastAnswer {}

  /** Fall back with no pick made. */
  FallBack GENERAL = new FallBack(null);
}
