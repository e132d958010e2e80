package io.wadns.tsig;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.Type;

/** The TSIG of a NOTAUTH reply (RFC 8945 §5.2), checked the way a requester checks it. */
class TsigErrorsTest {
  private static final Instant SERVER_NOW = Instant.parse("2026-12-01T12:00:00Z");
  private static final byte[] SECRET = "thirty-two octets of key secret!".getBytes(StandardCharsets.US_ASCII);

  private static Name name(String text) throws Exception {
    return Name.fromString(text);
  }

  private static TsigKeyring serverKeys(Name algorithm) throws Exception {
    return TsigKeyring.of(List.of(new TsigKey(name("xfr.example."), algorithm, SECRET)),
        Clock.fixed(SERVER_NOW, ZoneOffset.UTC));
  }

  /** A query signed at {@code clientNow} with the key, its wire form, as the server reads it. */
  private static Message signedQuery(Name algorithm, Instant clientNow) throws Exception {
    Message q = Message.newQuery(Record.newRecord(name("example.com."), Type.SOA, DClass.IN));
    new TsigKey(name("xfr.example."), algorithm, SECRET).signer(Clock.fixed(clientNow, ZoneOffset.UTC)).apply(q, null);
    return new Message(q.toWire());
  }

  private static byte[] notAuth(Message query) {
    Message r = new Message(query.getHeader().getID());
    r.getHeader().setFlag(Flags.QR);
    r.getHeader().setRcode(Rcode.NOTAUTH);
    r.addRecord(query.getQuestion(), org.xbill.DNS.Section.QUESTION);
    return r.toWire();
  }

  @Test
  void aBadtimeAnswerIsSignedSoThatTheRequesterCanCheckIt() throws Exception {
    for (Name algorithm : List.of(TSIG.HMAC_SHA256, TSIG.HMAC_SHA512, TSIG.HMAC_SHA1)) {
      Instant clientNow = SERVER_NOW.minus(Duration.ofHours(1)); // the client's clock is an hour behind
      Message query = signedQuery(algorithm, clientNow);
      TsigKeyring keys = serverKeys(algorithm);
      byte[] wire = query.toWire();
      int error = keys.signer(name("xfr.example."), algorithm).verify(query, wire, null);
      assertThat(error).isEqualTo(Rcode.BADTIME);

      byte[] reply = TsigErrors.append(notAuth(query), query, keys, error);
      Message parsed = new Message(reply);
      TSIGRecord tsig = parsed.getTSIG();
      assertThat(tsig.getError()).isEqualTo(Rcode.BADTIME);
      assertThat(tsig.getTimeSigned()).as("the request's time").isEqualTo(clientNow);
      assertThat(tsig.getOther()).as("our time, 48 bits").hasSize(6);
      long other = 0;
      for (byte b : tsig.getOther()) {
        other = other << 8 | (b & 0xFF);
      }
      assertThat(other).isEqualTo(SERVER_NOW.getEpochSecond());
      // the requester, on its own clock, verifies the MAC over the reply and every variable, Other Data too
      TSIG client = new TsigKey(name("xfr.example."), algorithm, SECRET).signer(Clock.fixed(clientNow, ZoneOffset.UTC));
      assertThat(client.verify(parsed, reply, query.getTSIG())).as(algorithm.toString()).isEqualTo(Rcode.NOERROR);
    }
  }

  @Test
  void badkeyAndBadsigAnswersAreUnsigned() throws Exception {
    Message query = signedQuery(TSIG.HMAC_SHA256, SERVER_NOW);
    for (int error : new int[] {Rcode.BADKEY, Rcode.BADSIG}) {
      TSIGRecord tsig = new Message(TsigErrors.append(notAuth(query), query, serverKeys(TSIG.HMAC_SHA256), error))
          .getTSIG();
      assertThat(tsig.getError()).isEqualTo(error);
      assertThat(tsig.getSignature()).isEmpty();
      assertThat(tsig.getName()).isEqualTo(name("xfr.example."));
      assertThat(tsig.getOriginalID()).isEqualTo(query.getHeader().getID());
      assertThat(tsig.getTimeSigned()).isEqualTo(SERVER_NOW);
    }
  }

  @Test
  void theMeaningOfEachErrorNamesThePeer() {
    assertThat(TsigErrors.meaning(Rcode.BADKEY, "secondary")).contains("the secondary does not know");
    assertThat(TsigErrors.meaning(Rcode.BADSIG, "primary")).contains("the primary has another secret");
    assertThat(TsigErrors.meaning(Rcode.BADTIME, "primary")).contains("clocks");
    assertThat(TsigErrors.meaning(Rcode.NOERROR, "primary")).isEmpty();
  }
}
