package io.wadns.transfer;

import io.wadns.text.AddressText;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/**
 * The messages of one AXFR or IXFR response, packed from a {@link RecordSource} as the connection
 * asks for them (RFC 5936 §2.2: as many records per message as fit; the question in the first
 * message only). Each message is signed when the request was (RFC 8945 §5.3.1). When it ends it
 * logs one line and counts itself in {@link TransferStats}.
 */
final class TransferStream implements MessageStream {
  private static final Logger log = LoggerFactory.getLogger("wadns");
  /**
   * Messages are filled to about this size: big enough that headers and TSIGs cost little, small
   * enough that a connection's write buffer holds a few and a slow reader holds little memory.
   */
  static final int MESSAGE_TARGET = 16 * 1024;
  /** RFC 1035 §4.2.2: the 2-octet length prefix bounds a TCP message. */
  private static final int MESSAGE_MAX = 65535;

  private final RecordSource records;
  private final MessageWriter writer = new MessageWriter();
  private final int id;
  private final int flags;
  private final byte[] question;
  private final TransferSigner signer;
  /** Room left for the TSIG record of each message. */
  private final int reserve;
  private final Outcome outcome;
  private final long started;
  private boolean first = true;
  private boolean pending;
  private boolean done;
  private long recordCount;
  private long bytes;
  private long messages;

  /**
   * What to log and count when the stream ends.
   *
   * @param description e.g. {@code AXFR of example.com. serial 7}
   */
  record Outcome(TransferStats stats, TransferStats.Kind kind, Name zone, String description,
      InetSocketAddress client, Name key) {}

  TransferStream(RecordSource records, int id, int flags, byte[] question, TransferSigner signer, int reserve,
      Outcome outcome, long started) {
    this.records = records;
    this.id = id;
    this.flags = flags;
    this.question = question;
    this.signer = signer;
    this.reserve = reserve;
    this.outcome = outcome;
    this.started = started;
  }

  @Override
  public byte[] next() {
    if (done) {
      return null;
    }
    writer.start(id, flags, first ? question : null);
    first = false;
    while (true) {
      if (!pending) {
        if (!records.next()) {
          done = true;
          break;
        }
        pending = true;
      }
      int owner = records.ownerLength();
      int rdata = records.rdataLength();
      if (!writer.fits(owner, rdata, MESSAGE_TARGET - reserve)) {
        if (writer.answers() > 0) {
          break; // the next message starts with this record
        }
        if (!writer.fits(owner, rdata, MESSAGE_MAX - reserve)) {
          throw new IllegalStateException("a record of " + rdata + " bytes fits no message");
        }
      }
      writer.add(records.ownerArena(), records.ownerStart(), owner, records.type(), records.ttl(),
          records.rdataArena(), records.rdataStart(), rdata);
      pending = false;
      recordCount++;
    }
    byte[] message = writer.finish();
    if (signer != null) {
      message = signer.sign(message);
    }
    bytes += message.length;
    messages++;
    return message;
  }

  @Override
  public void finished(boolean complete) {
    long nanos = System.nanoTime() - started;
    String who = AddressText.of(outcome.client()) + (outcome.key() == null ? "" : " key " + outcome.key());
    if (complete) {
      outcome.stats().served(outcome.zone().toString(), outcome.kind(), bytes, messages, nanos);
      log.info("{} to {}: {} records, {} message{}, {} bytes in {} ms", outcome.description(), who, recordCount,
          messages, messages == 1 ? "" : "s", bytes, nanos / 1_000_000);
    } else {
      log.info("{} to {} abandoned after {} records, {} bytes: the connection closed", outcome.description(), who,
          recordCount, bytes);
    }
  }
}
