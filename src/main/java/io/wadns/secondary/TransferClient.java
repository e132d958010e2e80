package io.wadns.secondary;

import io.wadns.text.SafeText;
import io.wadns.tsig.TsigErrors;
import io.wadns.tsig.TsigKey;
import io.wadns.tsig.TsigStreamVerifier;
import io.wadns.wire.Wire;
import io.wadns.zone.RecordTypes;
import io.wadns.zonefile.WireZone;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Fetches a zone from a primary over TCP (RFC 5936 §4.1, RFC 7766): one AXFR or IXFR request, its
 * response read message by message. Every message must carry our ID, QR and opcode QUERY; with a key,
 * the request is signed and the response verified as RFC 8945 §5.3.1 says (first and last messages
 * signed, at most 99 unsigned in between), on each message's wire bytes ({@link TsigStreamVerifier}).
 * Bounded by {@link TransferLimits}. The messages of a response, signed or not, are read in place where
 * {@link WireAnswers} can read them, and by dnsjava otherwise. Stateless; each call runs on the calling
 * thread.
 */
final class TransferClient {
  private static final SecureRandom IDS = new SecureRandom();

  /**
   * A finished transfer and what it cost; {@code inPlace} of the messages were read without dnsjava's
   * parser ({@link WireAnswers}).
   */
  record Fetched(Transferred transferred, long bytes, int messages, int inPlace, long nanos) {}

  /**
   * How long a primary may send nothing in the middle of a transfer. Every check of every secondary zone
   * shares two threads: a primary that accepts and then stalls holds one for this long, not for the
   * whole transfer deadline.
   */
  static final Duration IDLE = Duration.ofSeconds(30);

  private final TransferLimits limits;
  private final Duration idle;
  /** The time TSIG records are signed with and checked against (RFC 8945 §5.2.3). */
  private final Clock clock;

  TransferClient(TransferLimits limits) {
    this(limits, IDLE, Clock.systemUTC());
  }

  TransferClient(TransferLimits limits, Duration idle) {
    this(limits, idle, Clock.systemUTC());
  }

  TransferClient(TransferLimits limits, Duration idle, Clock clock) {
    this.limits = limits;
    this.idle = idle;
    this.clock = clock;
    RecordTypes.register(); // ALIAS and HEALTHCHECK of a wadns primary parse as themselves
  }

  /**
   * Asks {@code primary} for {@code origin}: IXFR from {@code ours} (RFC 1995 §3), or AXFR when
   * {@code ours} is null.
   *
   * @param key the TSIG key to sign and verify with, or null
   * @param wholeZone where the records go if the primary sends the whole zone
   */
  Fetched fetch(InetSocketAddress primary, Name origin, SOARecord ours, TsigKey key, Supplier<WireZone> wholeZone)
      throws TransferException {
    int[] messages = new int[1];
    try {
      return fetch(primary, origin, ours, key, wholeZone, messages);
    } catch (TransferException e) {
      throw messages[0] > 0 ? e.partway() : e;
    }
  }

  /** The other {@code fetch}, counting the messages read in {@code read[0]}. */
  private Fetched fetch(InetSocketAddress primary, Name origin, SOARecord ours, TsigKey key,
      Supplier<WireZone> wholeZone, int[] read) throws TransferException {
    long started = System.nanoTime();
    long deadline = started + limits.deadline().toNanos();
    int id = IDS.nextInt(0x10000);
    Message query = query(id, origin, ours);
    TsigStreamVerifier verifier = null;
    if (key != null) {
      key.signer(clock).apply(query, null);
      verifier = key.streamVerifier(query.getTSIG().getSignature(), clock);
    }
    IncomingTransfer incoming = new IncomingTransfer(origin, ours == null ? -1 : ours.getSerial(),
        limits.maxRecords(), wholeZone);
    WireAnswers inPlace = new WireAnswers(origin);
    int questionType = query.getQuestion().getType();
    long bytes = 0;
    long records = 0;
    int messages = 0;
    int readInPlace = 0;
    try (Socket socket = new Socket()) {
      socket.connect(primary, (int) limits.connectTimeout().toMillis());
      socket.setSoTimeout(remaining(deadline));
      byte[] out = query.toWire(Message.MAXLENGTH);
      OutputStream os = socket.getOutputStream();
      os.write(new byte[] {(byte) (out.length >> 8), (byte) out.length});
      os.write(out);
      os.flush();
      InputStream in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
      while (!incoming.done()) {
        if (++messages > limits.maxMessages()) {
          throw new TransferException("more than " + limits.maxMessages() + " messages");
        }
        byte[] wire = readMessage(socket, in, deadline, idle);
        read[0] = messages;
        bytes += wire.length + 2;
        if (bytes > limits.maxBytes()) {
          throw new TransferException("more than " + limits.maxBytes() + " bytes");
        }
        // What the message's TSIG (if any) signs ends where the TSIG starts. A message whose header says
        // it is an error goes to dnsjava unchecked: parse() ends the transfer with what it says.
        int signedEnd = wire.length;
        if (verifier != null && wire.length >= Wire.HEADER_LENGTH && Wire.rcode(wire) == Rcode.NOERROR) {
          signedEnd = checked(verifier, wire);
        }
        if (inPlace.read(wire, signedEnd, id, messages == 1 ? questionType : -1, signedEnd < wire.length ? 1 : 0)) {
          readInPlace++;
          records += inPlace.count();
          checkHeld(records, bytes);
          for (int i = 0; i < inPlace.count(); i++) {
            if (incoming.wholeZoneUnderWay() && !inPlace.isSoa(i)) {
              inPlace.addToWholeZone(i, incoming); // the bulk of a whole zone: no object per record
            } else {
              incoming.add(inPlace.record(i));
            }
          }
        } else {
          Message m = parse(wire, id, messages == 1, query.getQuestion());
          List<Record> answer = m.getSection(Section.ANSWER);
          records += answer.size();
          checkHeld(records, bytes);
          for (Record r : answer) {
            incoming.add(r);
          }
        }
      }
      if (verifier != null && !verifier.endsSigned()) {
        throw TransferException.tsig("TSIG FORMERR (the last message is not signed)");
      }
    } catch (Idle e) {
      throw new TransferException("nothing from the primary for " + idle.toMillis() / 1000.0 + " s");
    } catch (SocketTimeoutException e) {
      throw new TransferException("not done within " + limits.deadline().toSeconds() + " s (the transfer deadline)");
    } catch (EOFException e) {
      throw new TransferException("the primary closed the connection after " + messages + " messages");
    } catch (IOException e) {
      throw new TransferException(e.getClass().getSimpleName() + ": " + SafeText.of(e.getMessage()));
    }
    return new Fetched(incoming.result(), bytes, messages, readInPlace, System.nanoTime() - started);
  }

  /**
   * Where what the message's TSIG signs ends (see {@link TsigStreamVerifier#check}). A message too
   * malformed to find its TSIG in fails as any malformed message does (an IXFR is then asked again as
   * AXFR, RFC 1995 §4), not as a TSIG failure.
   */
  private static int checked(TsigStreamVerifier verifier, byte[] wire) throws TransferException {
    try {
      return verifier.check(wire);
    } catch (TsigStreamVerifier.Failure e) {
      throw e.malformed ? new TransferException("a malformed message") : TransferException.tsig(e.getMessage());
    }
  }

  private void checkHeld(long records, long bytes) throws TransferException {
    long held = TransferLimits.held(records, bytes);
    if (held > limits.maxHeld()) {
      throw new TransferException("more records than the heap can hold while they arrive (about " + (held >> 20)
          + " MiB after " + records + " records, where one transfer may take " + (limits.maxHeld() >> 20)
          + " MiB, a quarter of the heap; a larger -Xmx takes bigger zones)");
    }
  }

  private static Message query(int id, Name origin, SOARecord ours) {
    Message q = new Message(id);
    q.getHeader().setOpcode(Opcode.QUERY);
    q.addRecord(Record.newRecord(origin, ours == null ? Type.AXFR : Type.IXFR, DClass.IN), Section.QUESTION);
    if (ours != null) {
      q.addRecord(ours, Section.AUTHORITY); // RFC 1995 §3: the SOA of the version we hold
    }
    return q;
  }

  private static int remaining(long deadline) throws SocketTimeoutException {
    long ms = (deadline - System.nanoTime()) / 1_000_000;
    if (ms <= 0) {
      throw new SocketTimeoutException();
    }
    return (int) Math.min(Integer.MAX_VALUE, ms);
  }

  /**
   * One message and its length (RFC 1035 §4.2.2), by the transfer's deadline: each read may wait only
   * for the time left, so a primary that trickles a byte at a time cannot hold the thread past it.
   */
  private static byte[] readMessage(Socket socket, InputStream in, long deadline, Duration idle) throws IOException {
    byte[] length = new byte[2];
    readFully(socket, in, length, deadline, idle);
    byte[] wire = new byte[(length[0] & 0xFF) << 8 | length[1] & 0xFF];
    readFully(socket, in, wire, deadline, idle);
    return wire;
  }

  private static void readFully(Socket socket, InputStream in, byte[] b, long deadline, Duration idle)
      throws IOException {
    int off = 0;
    while (off < b.length) {
      int left = remaining(deadline);
      boolean idleFirst = idle.toMillis() < left;
      socket.setSoTimeout(idleFirst ? (int) idle.toMillis() : left);
      int n;
      try {
        n = in.read(b, off, b.length - off); // blocks at most once, for at most the time left or idle
      } catch (SocketTimeoutException e) {
        throw idleFirst ? new Idle() : e;
      }
      if (n < 0) {
        throw new EOFException();
      }
      off += n;
    }
  }

  /** A read timed out on {@link #idle}, before the transfer's deadline. */
  private static final class Idle extends SocketTimeoutException {}

  /** The message, checked to answer our request; an error rcode in the first message ends the transfer. */
  static Message parse(byte[] wire, int id, boolean first, Record question) throws TransferException {
    Message m;
    try {
      m = new Message(wire);
    } catch (IOException e) {
      throw new TransferException("a malformed message: " + SafeText.of(e.getMessage()));
    }
    if (m.getHeader().getID() != id || !m.getHeader().getFlag(org.xbill.DNS.Flags.QR)
        || m.getHeader().getOpcode() != Opcode.QUERY) {
      throw new TransferException("a message that does not answer the request");
    }
    int rcode = m.getRcode();
    TSIGRecord tsig = m.getTSIG();
    if (rcode == Rcode.NOTAUTH && tsig != null && tsig.getError() != Rcode.NOERROR) {
      // RFC 8945 §5.2: the primary could not verify our request; its TSIG RR says why. Asking again as
      // AXFR meets the same key.
      throw TransferException.tsig("answered NOTAUTH, TSIG " + TsigErrors.name(tsig.getError())
          + TsigErrors.meaning(tsig.getError(), "primary"));
    }
    if (rcode != Rcode.NOERROR) {
      throw new TransferException("answered " + Rcode.string(rcode), first ? rcode : -1);
    }
    List<Record> q = m.getSection(Section.QUESTION);
    if (first && (q.size() != 1 || !q.get(0).equals(question))) {
      throw new TransferException("the first message does not echo the question");
    }
    if (first && m.getSection(Section.ANSWER).isEmpty()) {
      throw new TransferException("an empty answer", Rcode.FORMERR);
    }
    return m;
  }
}
