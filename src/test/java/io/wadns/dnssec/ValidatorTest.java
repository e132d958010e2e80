package io.wadns.dnssec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.dnssec.ValidatingResolver;

/**
 * dnsjava's validating resolver, given the zone's DS as trust anchor, marks secure (AD) every negative
 * and wildcard response built from this package's proofs and signatures, over random zones and names:
 * NXDOMAIN, NODATA (empty non-terminals included), wildcard answers, wildcard NODATA and DS NODATA at an
 * unsigned delegation, with NSEC and with NSEC3.
 */
class ValidatorTest {
  @TempDir static Path dir;
  static ZoneKey key;

  @BeforeAll
  static void makeKey() {
    key = new KeyGenerator(new SecureRandom()).generateCsk(Name.fromConstantString("example."),
        KeyAlgorithm.ECDSAP256SHA256, Signatures.INCEPTION, Set.of());
  }

  /** The proofs of one chain, so NSEC and NSEC3 run through the same checks. */
  record Proofs(List<Record> chain, List<Record> apexExtra, Function<Name, List<Record>> nxdomain,
      Function<Name, List<Record>> nodata, Function<Name, List<Record>> wildcardAnswer,
      Function<Name, List<Record>> wildcardNodata, Function<Name, List<Record>> insecureDelegation) {

    static Proofs nsec(ZoneModel m) {
      NsecChain c = NsecChain.build(m.apex(), m.nsecNames(), 300);
      return new Proofs(List.copyOf(c.records()), List.of(), c::nxdomain, c::nodata, c::wildcardAnswer,
          c::wildcardNodata, c::insecureDelegation);
    }

    static Proofs nsec3(ZoneModel m) {
      Nsec3Chain c = Nsec3Chain.build(m.apex(), m.nsec3Names(), 300);
      return new Proofs(List.copyOf(c.records()), List.of(c.nsec3param()), c::nxdomain, c::nodata,
          c::wildcardAnswer, c::wildcardNodata, c::insecureDelegation);
    }
  }

  /** The zone's records, signed on first use, and the responses an authoritative server would give. */
  static final class SignedModel {
    final ZoneModel model;
    final Proofs proofs;
    final Map<Name, Map<Integer, List<Record>>> rrsets = new TreeMap<>();
    final Map<String, RRSIGRecord> signatures = new HashMap<>();
    final RrsetSigner signer = new RrsetSigner(key, new SecureRandom());

    SignedModel(ZoneModel model, Proofs proofs) {
      this.model = model;
      this.proofs = proofs;
      Name apex = model.apex();
      model.data().forEach((name, types) -> types.forEach(t -> add(record(apex, name, t))));
      proofs.chain().forEach(this::add);
      proofs.apexExtra().forEach(this::add);
    }

    void add(Record r) {
      rrsets.computeIfAbsent(r.getName(), x -> new TreeMap<>()).computeIfAbsent(r.getType(), x -> new ArrayList<>()).add(r);
    }

    static Record record(Name apex, Name name, int type) {
      return switch (type) {
        case Type.SOA -> new SOARecord(name, DClass.IN, 3600, Name.fromConstantString("ns.example."),
            Name.fromConstantString("hostmaster.example."), 1, 7200, 900, 1209600, 300);
        case Type.NS -> new NSRecord(name, DClass.IN, 3600, Name.fromConstantString("ns.example."));
        // A DNSKEY TTL of 0 (as in the .key file) would leave the validator's key cache empty.
        case Type.DNSKEY -> new DNSKEYRecord(apex, DClass.IN, 3600, key.dnskey().getFlags(),
            key.dnskey().getProtocol(), key.dnskey().getAlgorithm(), key.dnskey().getKey());
        case Type.DS -> new DSRecord(name, DClass.IN, 3600, 1234, 13, DNSSEC.Digest.SHA256, new byte[32]);
        case Type.A -> new ARecord(name, DClass.IN, 300, new byte[] {(byte) 192, 0, 2, 1});
        case Type.AAAA -> new AAAARecord(name, DClass.IN, 300, new byte[16]);
        case Type.TXT -> new TXTRecord(name, DClass.IN, 300, "txt");
        default -> throw new IllegalArgumentException(Type.string(type));
      };
    }

    List<Record> signed(Name name, int type) {
      List<Record> set = rrsets.get(name).get(type);
      List<Record> out = new ArrayList<>(set);
      out.add(signatures.computeIfAbsent(name + "/" + type,
          k -> signer.sign(set, Signatures.INCEPTION, Signatures.EXPIRATION)));
      return out;
    }

    /** Each record of the proof and its RRSIG, with the apex SOA and its RRSIG (RFC 4035 §3.1.3). */
    List<Record> authority(List<Record> proof, boolean withSoa) {
      List<Record> out = new ArrayList<>(withSoa ? signed(model.apex(), Type.SOA) : List.of());
      for (Record r : proof) {
        out.addAll(signed(r.getName(), r.getType()));
      }
      return out;
    }

    Message respond(Message query) {
      Record question = query.getQuestion();
      Message response = new Message(query.getHeader().getID());
      response.getHeader().setFlag(Flags.QR);
      response.getHeader().setFlag(Flags.AA);
      response.addRecord(question, Section.QUESTION);
      Name apex = model.apex();
      if (question.getName().equals(apex) && question.getType() == Type.DNSKEY) {
        signed(apex, Type.DNSKEY).forEach(r -> response.addRecord(r, Section.ANSWER));
        return response;
      }
      Response r = planned.get(question.getName() + "/" + Type.string(question.getType()));
      if (r == null) {
        throw new AssertionError("unexpected query " + question);
      }
      response.getHeader().setRcode(r.rcode());
      r.answer().forEach(x -> response.addRecord(x, Section.ANSWER));
      r.authority().forEach(x -> response.addRecord(x, Section.AUTHORITY));
      return response;
    }

    record Response(int rcode, List<Record> answer, List<Record> authority) {}

    final Map<String, Response> planned = new HashMap<>();
  }

  /** An upstream that answers from the signed model, as an authoritative server for the zone. */
  static final class ModelResolver extends InProcessResolver {
    private final SignedModel zone;

    ModelResolver(SignedModel zone) {
      this.zone = zone;
    }

    @Override
    public CompletionStage<Message> sendAsync(Message query, Executor executor) {
      return CompletableFuture.completedFuture(zone.respond(query));
    }
  }

  @ParameterizedTest(name = "NSEC3 {0}, seed {1}")
  @CsvSource({"false, 1", "false, 2", "true, 1", "true, 2"})
  void theValidatorFindsEveryProofSecure(boolean nsec3, long seed) throws Exception {
    SplittableRandom r = new SplittableRandom(seed);
    Map<String, Integer> checked = new TreeMap<>();
    for (int z = 0; z < 20; z++) {
      ZoneModel model = ZoneModel.random(r);
      SignedModel zone = new SignedModel(model, nsec3 ? Proofs.nsec3(model) : Proofs.nsec(model));
      ValidatingResolver validator = new ValidatingResolver(new ModelResolver(zone),
          Clock.fixed(Signatures.DURING, ZoneOffset.UTC));
      validator.setAddReasonToAdditional(true);
      String anchor = key.ds().withName(model.apex()).toString();
      validator.loadTrustAnchors(new ByteArrayInputStream(anchor.getBytes(StandardCharsets.US_ASCII)));
      for (Name q : model.randomQueries(r, 12)) {
        Query planned = plan(zone, q);
        if (planned == null) {
          continue;
        }
        Message response = validator.send(Message.newQuery(Record.newRecord(q, planned.type(), DClass.IN)));
        assertThat(response.getHeader().getFlag(Flags.AD))
            .as("%s %s %s in %s: %s", planned.kind(), q, Type.string(planned.type()), model.data().keySet(), response)
            .isTrue();
        assertThat(response.getRcode()).isEqualTo(planned.kind().equals("nxdomain") ? Rcode.NXDOMAIN : Rcode.NOERROR);
        checked.merge(planned.kind(), 1, Integer::sum);
        if (planned.kind().equals("nxdomain") && planBrokenNxdomain(zone, q)) {
          Message bogus = validator.send(Message.newQuery(Record.newRecord(q, Type.AAAA, DClass.IN)));
          assertThat(bogus.getHeader().getFlag(Flags.AD)).as("half a proof for %s: %s", q, bogus).isFalse();
          assertThat(bogus.getRcode()).isEqualTo(Rcode.SERVFAIL);
          checked.merge("half a proof refused", 1, Integer::sum);
        }
      }
    }
    assertThat(checked).containsKeys("nxdomain", "nodata", "empty non-terminal", "wildcard answer",
        "wildcard nodata", "insecure delegation", "half a proof refused");
  }

  record Query(String kind, int type) {}

  /** Plans an NXDOMAIN for (q, AAAA) whose proof lacks its last record; false if it has only one. */
  static boolean planBrokenNxdomain(SignedModel zone, Name q) {
    List<Record> proof = zone.proofs.nxdomain().apply(q);
    if (proof.size() < 2) {
      return false;
    }
    zone.planned.put(q + "/AAAA", new SignedModel.Response(Rcode.NXDOMAIN, List.of(),
        zone.authority(proof.subList(0, proof.size() - 1), true)));
    return true;
  }

  /** Decides, from the model, the response to a query for {@code q}, and records it with the zone. */
  static Query plan(SignedModel zone, Name q) {
    ZoneModel m = zone.model;
    Proofs p = zone.proofs;
    if (m.isBelowCut(q)) {
      return null;
    }
    String kind;
    int type;
    SignedModel.Response response;
    if (m.isCut(q)) {
      if (m.data().get(q).contains(Type.DS)) {
        return null;
      }
      kind = "insecure delegation";
      type = Type.DS;
      response = new SignedModel.Response(Rcode.NOERROR, List.of(), zone.authority(p.insecureDelegation().apply(q), true));
    } else if (m.exists(q)) {
      kind = m.isEmptyNonTerminal(q) ? "empty non-terminal" : "nodata";
      type = Type.SRV;
      response = new SignedModel.Response(Rcode.NOERROR, List.of(), zone.authority(p.nodata().apply(q), true));
    } else {
      Name wildcard = ZoneModel.wildcard(m.closestEncloser(q));
      if (m.data().containsKey(wildcard)) {
        boolean answer = q.hashCode() % 2 == 0;
        if (answer) {
          kind = "wildcard answer";
          type = m.data().get(wildcard).contains(Type.A) ? Type.A : Type.AAAA;
          List<Record> expanded = new ArrayList<>();
          for (Record x : zone.signed(wildcard, type)) {
            expanded.add(x.withName(q)); // RFC 4035 §5.3.2: the RRSIG keeps the wildcard's label count
          }
          response = new SignedModel.Response(Rcode.NOERROR, expanded, zone.authority(p.wildcardAnswer().apply(q), false));
        } else {
          kind = "wildcard nodata";
          type = Type.SRV;
          response = new SignedModel.Response(Rcode.NOERROR, List.of(), zone.authority(p.wildcardNodata().apply(q), true));
        }
      } else {
        kind = "nxdomain";
        type = Type.A;
        response = new SignedModel.Response(Rcode.NXDOMAIN, List.of(), zone.authority(p.nxdomain().apply(q), true));
      }
    }
    zone.planned.put(q + "/" + Type.string(type), response);
    return new Query(kind, type);
  }
}
