package io.wadns.bench;

import io.wadns.protocol.Responder;
import io.wadns.protocol.Transport;
import io.wadns.resolve.Answer;
import io.wadns.resolve.Query;
import io.wadns.resolve.Resolver;
import io.wadns.weighted.Randomness;
import io.wadns.zonefile.ZoneLoader;
import io.wadns.zone.ZoneSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.xbill.DNS.CookieOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The cost of the weighted pick on the query path: the same 4-address A answer served from a plain
 * RRset ({@code static4}) and from two weighted ALIAS records over two 4-address groups ({@code www}),
 * measured at the resolver ({@link Resolver#resolve}) and for the whole packet-to-packet step
 * ({@link Responder#respond}, UDP, with a dig-like EDNS query): both the byte[]-returning form and
 * the server's form that writes into a reused buffer. See docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AnswerBenchmark {
  /** Both answers have four A records of TTL 60, so the two paths encode the same amount. */
  static final String ZONE = """
      $ORIGIN example.com.
      $TTL 3600
      @           IN SOA   ns1 hostmaster 2026112401 7200 900 1209600 300
      @           IN NS    ns1
      ns1         IN A     192.0.2.53

      static4  60 IN A     192.0.2.1
      static4  60 IN A     192.0.2.2
      static4  60 IN A     192.0.2.128
      static4  60 IN A     192.0.2.129

      endpoint-a  60  IN A 192.0.2.1
      endpoint-a  60  IN A 192.0.2.2
      endpoint-a  60  IN A 192.0.2.128
      endpoint-a  60  IN A 192.0.2.129
      endpoint-b  60  IN A 192.0.2.3
      endpoint-b  60  IN A 192.0.2.4
      endpoint-b  60  IN A 192.0.2.130
      endpoint-b  60  IN A 192.0.2.131
      www         IN ALIAS 1 endpoint-a
      www         IN ALIAS 1 endpoint-b
      """;

  private Resolver resolver;
  private Responder responder;
  private Query staticQuery;
  private Query weightedQuery;
  private byte[] staticPacket;
  private byte[] weightedPacket;
  /** The reply buffer of the server's form of respond, reused as the Netty handlers reuse theirs. */
  private final byte[] out = new byte[65535];

  @Setup
  public void setUp() throws IOException {
    Path dir = Files.createTempDirectory("wadns-bench");
    Path file = dir.resolve("example.com.zone");
    Files.writeString(file, ZONE);
    ZoneLoader.Result loaded = ZoneLoader.loadFiles(List.of(file));
    Files.delete(file);
    Files.delete(dir);
    if (!loaded.ok()) {
      throw new IllegalStateException("benchmark zone does not load: " + loaded.problems());
    }
    ZoneSet zones = loaded.zones();
    resolver = new Resolver(() -> zones, Randomness.threadLocal());
    responder = new Responder(resolver);

    Name staticName = Name.fromString("static4.example.com.");
    Name weightedName = Name.fromString("www.example.com.");
    staticQuery = new Query(staticName, Type.A, false);
    weightedQuery = new Query(weightedName, Type.A, false);
    staticPacket = digQuery(staticName, 0x1234);
    weightedPacket = digQuery(weightedName, 0x4321);

    // Both paths must really answer four addresses, or the comparison means nothing.
    checkAnswer(resolver.resolve(staticQuery), staticName);
    checkAnswer(resolver.resolve(weightedQuery), weightedName);
    checkReply(responder.respond(staticPacket, Transport.UDP), staticName);
    checkReply(responder.respond(weightedPacket, Transport.UDP), weightedName);
    checkReply(Arrays.copyOf(out, responder.respond(staticPacket, staticPacket.length, Transport.UDP, out)), staticName);
    checkReply(Arrays.copyOf(out, responder.respond(weightedPacket, weightedPacket.length, Transport.UDP, out)),
        weightedName);
  }

  /** The resolver alone, plain RRset: zone lookup and an Answer of four shared records. */
  @Benchmark
  public Answer resolveStatic() {
    return resolver.resolve(staticQuery);
  }

  /** The resolver alone, weighted: zone lookup, weighted pick of a group, random rotation. */
  @Benchmark
  public Answer resolveWeighted() {
    return resolver.resolve(weightedQuery);
  }

  /** Packet to packet, plain RRset: parse the query, resolve, encode the reply with OPT. */
  @Benchmark
  public byte[] respondStatic() {
    return responder.respond(staticPacket, Transport.UDP);
  }

  /** Packet to packet, weighted. */
  @Benchmark
  public byte[] respondWeighted() {
    return responder.respond(weightedPacket, Transport.UDP);
  }

  /** Packet to packet as the server calls it: into a reused buffer, plain RRset. */
  @Benchmark
  public int respondIntoStatic() {
    return responder.respond(staticPacket, staticPacket.length, Transport.UDP, out);
  }

  /** Packet to packet as the server calls it: into a reused buffer, weighted. */
  @Benchmark
  public int respondIntoWeighted() {
    return responder.respond(weightedPacket, weightedPacket.length, Transport.UDP, out);
  }

  /**
   * A query as dig 9.18 sends it by default: RD and AD set, EDNS(0) with a 1232-byte payload and an
   * 8-byte client cookie (RFC 7873).
   */
  static byte[] digQuery(Name name, int id) {
    Message query = Message.newQuery(Record.newRecord(name, Type.A, DClass.IN));
    query.getHeader().setID(id);
    query.getHeader().setFlag(Flags.AD);
    CookieOption cookie = new CookieOption(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    query.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(cookie)), Section.ADDITIONAL);
    return query.toWire();
  }

  private static void checkAnswer(Answer answer, Name name) {
    List<Record> records = answer.answer();
    if (answer.rcode() != Rcode.NOERROR || records.size() != 4
        || !records.stream().allMatch(r -> r.getType() == Type.A && r.getName().equals(name))) {
      throw new IllegalStateException("unexpected answer for " + name + ": " + records);
    }
  }

  private static void checkReply(byte[] wire, Name name) throws IOException {
    Message reply = new Message(wire);
    List<Record> records = reply.getSection(Section.ANSWER);
    if (reply.getRcode() != Rcode.NOERROR || records.size() != 4 || reply.getOPT() == null
        || !records.stream().allMatch(r -> r.getType() == Type.A && r.getName().equals(name))) {
      throw new IllegalStateException("unexpected reply for " + name + ":\n" + reply);
    }
  }
}
