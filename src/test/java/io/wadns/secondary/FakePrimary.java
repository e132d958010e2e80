package io.wadns.secondary;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;

/**
 * A primary for tests on a loopback port: each request gets the messages {@code answer} makes of it,
 * signed with {@code key} when the request was signed: every message, or the first, every
 * {@code signEvery}th after it and the last (RFC 8945 §5.3.1), the last left unsigned when
 * {@code lastUnsigned} says so.
 */
final class FakePrimary implements AutoCloseable {
  private final ServerSocket server;
  private final Thread thread;
  volatile Function<Message, List<List<Record>>> answer;
  volatile TSIG key;
  /** Signs the first message and every this many after it (dnsjava's generator; 1: every message). */
  volatile int signEvery = 1;
  volatile boolean lastUnsigned;
  /** The message of this index has its last octet flipped after signing, as on a path that alters it. */
  volatile int alteredMessage = -1;
  /** The message of this index is cut 3 octets short after signing (its length prefix too). */
  volatile int cutMessage = -1;
  /** The rcode of every answer to a request of this type (IXFR, AXFR), or -1 to answer. */
  volatile int refusedType = -1;
  final List<Message> requests = new CopyOnWriteArrayList<>();

  FakePrimary(Function<Message, List<List<Record>>> answer) throws IOException {
    this.answer = answer;
    this.server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    this.thread = new Thread(this::serve, "fake-primary");
    thread.setDaemon(true);
    thread.start();
  }

  InetSocketAddress address() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
  }

  private void serve() {
    while (!server.isClosed()) {
      try (Socket s = server.accept()) {
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] q = new byte[in.readUnsignedShort()];
        in.readFully(q);
        Message query = new Message(q);
        requests.add(query);
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        TSIG.StreamGenerator signer = query.getTSIG() != null && key != null
            ? generator(key, query.getTSIG(), signEvery) : null;
        if (query.getQuestion().getType() == refusedType) {
          Message m = new Message(query.getHeader().getID());
          m.getHeader().setFlag(Flags.QR);
          m.getHeader().setRcode(org.xbill.DNS.Rcode.REFUSED);
          m.addRecord(query.getQuestion(), Section.QUESTION);
          byte[] wire = m.toWire();
          out.writeShort(wire.length);
          out.write(wire);
          out.flush();
          continue;
        }
        List<List<Record>> messages = answer.apply(query);
        for (int i = 0; i < messages.size(); i++) {
          List<Record> records = messages.get(i);
          boolean last = i == messages.size() - 1;
          Message m = new Message(query.getHeader().getID());
          m.getHeader().setFlag(Flags.QR);
          m.getHeader().setFlag(Flags.AA);
          m.addRecord(query.getQuestion(), Section.QUESTION);
          for (Record r : records) {
            m.addRecord(r, Section.ANSWER);
          }
          if (signer != null && !(last && lastUnsigned)) {
            sign(signer, m, last);
          }
          byte[] wire = m.toWire();
          if (i == alteredMessage) {
            wire[wire.length - 1] ^= 1;
          }
          if (i == cutMessage) {
            wire = java.util.Arrays.copyOf(wire, wire.length - 3);
          }
          out.writeShort(wire.length);
          out.write(wire);
        }
        out.flush();
      } catch (IOException e) {
        // closed, or a client that went away
      }
    }
  }

  /**
   * dnsjava's stream signer; its constructor that signs only every nth message is not public, and is
   * reached here so that a client meets the unsigned messages RFC 8945 §5.3.1 allows from a real signer.
   */
  private static TSIG.StreamGenerator generator(TSIG key, org.xbill.DNS.TSIGRecord request, int every) {
    if (every == 1) {
      return new TSIG.StreamGenerator(key, request);
    }
    try {
      java.lang.reflect.Constructor<TSIG.StreamGenerator> c = TSIG.StreamGenerator.class.getDeclaredConstructor(
          TSIG.class, org.xbill.DNS.TSIGRecord.class, int.class);
      c.setAccessible(true);
      return c.newInstance(key, request, every);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("dnsjava's StreamGenerator has changed", e);
    }
  }

  /** dnsjava's {@code generate(Message, boolean)}, which leaves messages unsigned, is not public either. */
  private void sign(TSIG.StreamGenerator signer, Message m, boolean last) {
    if (signEvery == 1) {
      signer.generate(m);
      return;
    }
    try {
      java.lang.reflect.Method generate = TSIG.StreamGenerator.class.getDeclaredMethod("generate", Message.class,
          boolean.class);
      generate.setAccessible(true);
      generate.invoke(signer, m, last);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("dnsjava's StreamGenerator has changed", e);
    }
  }

  /** One message of {@code records}. */
  static List<List<Record>> one(List<Record> records) {
    List<List<Record>> out = new ArrayList<>();
    out.add(records);
    return out;
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
