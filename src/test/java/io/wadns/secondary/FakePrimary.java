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
 * signed with {@code key} (every message, RFC 8945 §5.3.1) when the request was signed.
 */
final class FakePrimary implements AutoCloseable {
  private final ServerSocket server;
  private final Thread thread;
  volatile Function<Message, List<List<Record>>> answer;
  volatile TSIG key;
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
            ? new TSIG.StreamGenerator(key, query.getTSIG()) : null;
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
        for (List<Record> records : answer.apply(query)) {
          Message m = new Message(query.getHeader().getID());
          m.getHeader().setFlag(Flags.QR);
          m.getHeader().setFlag(Flags.AA);
          m.addRecord(query.getQuestion(), Section.QUESTION);
          for (Record r : records) {
            m.addRecord(r, Section.ANSWER);
          }
          if (signer != null) {
            signer.generate(m);
          }
          byte[] wire = m.toWire();
          out.writeShort(wire.length);
          out.write(wire);
        }
        out.flush();
      } catch (IOException e) {
        // closed, or a client that went away
      }
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
