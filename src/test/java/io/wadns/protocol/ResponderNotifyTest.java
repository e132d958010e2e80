package io.wadns.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.resolve.Resolver;
import io.wadns.tsig.TsigKeyring;
import io.wadns.zone.ZoneSet;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** NOTIFY (RFC 1996) goes to the secondary side when there is one, and is NOTIMP otherwise. */
class ResponderNotifyTest {
  static final InetSocketAddress PRIMARY = new InetSocketAddress("127.0.0.1", 5301);

  static byte[] notifyMessage() {
    Message m = Message.newQuery(Record.newRecord(Name.fromConstantString("example.com."), Type.SOA, DClass.IN));
    m.getHeader().setOpcode(Opcode.NOTIFY);
    return m.toWire();
  }

  @Test
  void notifyGoesToTheHandlerWithItsSender() {
    ZoneSet zones = ProtocolZone.load();
    AtomicReference<InetSocketAddress> from = new AtomicReference<>();
    byte[] answer = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    Responder r = new Responder(new Resolver(() -> zones, bound -> 0), QueryObserver.NONE, TsigKeyring.empty(),
        (packet, client) -> {
          from.set(client);
          return answer;
        });
    byte[] out = new byte[65535];
    byte[] query = notifyMessage();
    int n = r.respond(query, query.length, Transport.UDP, PRIMARY, out);
    assertThat(java.util.Arrays.copyOf(out, n)).isEqualTo(answer);
    assertThat(from.get()).isEqualTo(PRIMARY);
  }

  @Test
  void aHandlerThatAnswersNothingDropsTheNotify() {
    ZoneSet zones = ProtocolZone.load();
    Responder r = new Responder(new Resolver(() -> zones, bound -> 0), QueryObserver.NONE, TsigKeyring.empty(),
        (packet, client) -> null);
    byte[] query = notifyMessage();
    assertThat(r.respond(query, query.length, Transport.UDP, PRIMARY, new byte[65535])).isZero();
  }

  @Test
  void withoutSecondaryZonesNotifyIsNotImplemented() throws Exception {
    byte[] reply = ProtocolZone.responder().respond(notifyMessage(), Transport.UDP);
    assertThat(new Message(reply).getRcode()).isEqualTo(Rcode.NOTIMP);
  }
}
