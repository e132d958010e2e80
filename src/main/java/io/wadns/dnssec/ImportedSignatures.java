package io.wadns.dnssec;

import io.wadns.zone.Zone;
import io.wadns.zone.ZoneData;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.xbill.DNS.NSEC3PARAMRecord;
import org.xbill.DNS.NSEC3Record;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The signatures a zone brought with it, from {@code dnssec-signzone} or a signing primary, read into the
 * lookups the resolver answers signed queries from: each RRSIG beside the RRset it covers, the DNSKEY set
 * at the apex, and the proofs of the zone's own NSEC chain. Nothing is signed here; the records are served
 * as the signer made them, as NSD serves every zone (RFC 4035 §3 applies to the answers all the same). An
 * NSEC3 chain is served when it is the one this server would make ({@link #nsec3Chain}); its hashed
 * owners are then no names of the zone ({@link ZoneData#nsec3Owners}).
 *
 * <p>Read only when what the answers need is there and consistent, so that the proofs' lookups hold: a
 * DNSKEY set at the apex, an RRSIG over the SOA, and one closed NSEC chain whose owners are exactly the
 * zone's authoritative names and whose type bitmaps match their RRsets (or the NSEC3 chain of those
 * names). Otherwise the zone is served as
 * data, as before, with the reason in the warning ({@link ForeignSignatures}).
 */
final class ImportedSignatures {
  private ImportedSignatures() {}

  /** Why a zone's own signatures cannot be served; the message completes a sentence of the warning. */
  static final class NotServable extends Exception {
    NotServable(String message) {
      super(message, null, false, false);
    }
  }

  /** The signatures read, and what an operator should know about them (each a sentence fragment). */
  record Imported(SignedRecords signatures, List<String> notes) {}

  /** The apex sets that come from the keys: answered through {@link SignedRecords#apexSet}. */
  /** And the NSEC3PARAM of an NSEC3 zone (RFC 5155 §4), answered the same way. */
  private static final int[] KEY_SETS = {Type.DNSKEY, Type.CDS, Type.CDNSKEY, Type.NSEC3PARAM};

  static Imported read(Zone zone, Instant now) throws NotServable {
    ZoneData data = zone.data();
    Name origin = zone.origin();
    int apex = data.find(origin);
    boolean nsec3 = data.setIndex(apex, Type.NSEC3PARAM) >= 0 || holdsType(data, Type.NSEC3);
    BitSet nsec3Owners = nsec3 ? data.nsec3Owners(apex) : null;
    if (nsec3 && holdsType(data, Type.NSEC)) {
      throw new NotServable("it holds both an NSEC and an NSEC3 chain");
    }
    if (data.setIndex(apex, Type.DNSKEY) < 0) {
      throw new NotServable("its apex has no DNSKEY set");
    }
    boolean[] authoritative = ZoneSigner.authoritativeNodes(data, origin);
    Record[][] bySet = new Record[data.setCount()][];
    Map<Integer, List<Record>> apexSets = new HashMap<>();
    Map<Integer, List<Record>> apexSignatures = new HashMap<>();
    Map<Name, List<Record>> chainSignatures = new HashMap<>();
    List<NSECRecord> nsecs = new ArrayList<>();
    List<NSEC3Record> nsec3s = new ArrayList<>();
    long negativeTtl = zone.negativeSoa().getTTL();
    int chained = 0;
    int unsigned = 0;
    Name firstUnsigned = null;
    long earliest = Long.MAX_VALUE;
    int count = 0;
    for (int n = 0; n < data.nodeCount(); n++) {
      if (!authoritative[n] || data.setsStart(n) == data.setsEnd(n)) {
        continue;
      }
      Name owner = data.name(n);
      Map<Integer, List<Record>> covering = signaturesByType(data.records(n, Type.RRSIG, owner));
      if (nsec3Owners != null && nsec3Owners.get(n)) {
        // RFC 5155 §3: a hashed owner holds its NSEC3 and the RRSIG over it, nothing else
        for (Record r : data.records(n, Type.NSEC3, owner)) {
          nsec3s.add((NSEC3Record) r);
        }
        List<Record> sigs = covering.getOrDefault(Type.NSEC3, List.of());
        if (sigs.isEmpty() && unsigned++ == 0) {
          firstUnsigned = owner;
        }
        List<Record> served = new ArrayList<>(sigs.size());
        for (Record sig : sigs) {
          served.add(SignedRecords.withTtl((RRSIGRecord) sig, negativeTtl));
          earliest = Math.min(earliest, ((RRSIGRecord) sig).getExpire().getEpochSecond());
          count++;
        }
        chainSignatures.put(owner, List.copyOf(served));
        continue;
      }
      if (data.setIndex(n, Type.NSEC3) >= 0) {
        throw new NotServable("an NSEC3 record at " + owner + ", which is not a hashed owner name of the zone");
      }
      chained++;
      for (Record r : data.records(n, Type.NSEC, owner)) {
        nsecs.add((NSECRecord) r);
      }
      for (int s = data.setsStart(n); s < data.setsEnd(n); s++) {
        int type = data.setType(s);
        if (type == Type.RRSIG || (data.isCut(n) && type != Type.DS && type != Type.NSEC)) {
          continue; // RFC 4035 §2.2: the NS set at a cut is the child's, unsigned in the parent
        }
        List<Record> sigs = covering.getOrDefault(type, List.of());
        if (sigs.isEmpty()) {
          if (unsigned++ == 0) {
            firstUnsigned = owner;
          }
          continue;
        }
        List<Record> served = new ArrayList<>(sigs.size());
        for (Record sig : sigs) {
          RRSIGRecord rrsig = (RRSIGRecord) sig;
          served.add(SignedRecords.withTtl(rrsig, data.setTtl(s)));
          earliest = Math.min(earliest, rrsig.getExpire().getEpochSecond());
          count++;
        }
        if (type == Type.NSEC) {
          chainSignatures.put(owner, List.copyOf(served));
        } else if (n == apex && isKeySet(type)) {
          apexSets.put(type, data.records(n, type, owner));
          apexSignatures.put(type, List.copyOf(served));
        } else {
          bySet[s] = served.toArray(new Record[0]);
        }
      }
    }
    for (int type : KEY_SETS) {
      if (data.setIndex(apex, type) >= 0 && !apexSets.containsKey(type)) {
        apexSets.put(type, data.records(apex, type, origin)); // served, if without its RRSIG
      }
    }
    int soa = data.setIndex(apex, Type.SOA);
    if (bySet[soa] == null) {
      throw new NotServable("its SOA has no RRSIG");
    }
    DenialChain chain;
    if (nsec3) {
      chain = nsec3Chain(zone, authoritative, nsec3Owners, nsec3s);
    } else {
      NsecChain nsecChain = chain(origin, nsecs, chained);
      checkBitmaps(data, authoritative, nsecChain);
      chain = nsecChain;
    }
    List<Record> negativeSoa = new ArrayList<>();
    for (Record sig : bySet[soa]) {
      negativeSoa.add(SignedRecords.withTtl((RRSIGRecord) sig, zone.negativeSoa().getTTL()));
    }
    List<String> notes = new ArrayList<>();
    if (earliest <= now.getEpochSecond()) {
      notes.add("some of its signatures expired at " + Instant.ofEpochSecond(earliest)
          + ", so validators fail the answers they cover; sign it again where it is signed");
    }
    if (unsigned > 0) {
      notes.add(unsigned + (unsigned == 1 ? " RRset has" : " RRsets have") + " no RRSIG (the first at "
          + firstUnsigned + "), so validators fail answers with " + (unsigned == 1 ? "it" : "them"));
    }
    if (chain instanceof Nsec3Chain c && c.iterations() > 0) {
      notes.add("its NSEC3 chain has " + c.iterations() + " extra iterations, so each name a denial proof hashes"
          + " costs " + (c.iterations() + 1) + " hashes here and at validators, some of which treat such a chain"
          + " as unsigned; RFC 9276 §3.1 asks for 0");
    }
    if (!zone.aliasesByNode().isEmpty()) {
      notes.add("its " + zone.aliasesByNode().size() + " weighted " + (zone.aliasesByNode().size() == 1 ? "name" : "names")
          + " answer without RRSIGs, since only a zone signed here has its weighted answers signed");
    }
    SignedRecords signatures = new SignedRecords(bySet, new IdentityHashMap<>(), apexSets, apexSignatures, chain,
        chainSignatures, negativeSoa, earliest, count, Map.of(), null);
    return new Imported(signatures, notes);
  }

  private static boolean isKeySet(int type) {
    return type == Type.DNSKEY || type == Type.CDS || type == Type.CDNSKEY || type == Type.NSEC3PARAM;
  }

  /**
   * The zone's NSEC3 chain, served when it is the chain this server would make for the zone's names
   * (RFC 5155 §7.1: every authoritative name, empty non-terminals and cuts included, the hashed owners
   * not) with the zone's own salt and iterations (at most {@link Nsec3Hash#MAX_ITERATIONS}) and no
   * opt-out: the chain is built here from the names and each of its records must equal the zone's, owner,
   * next hash and type bitmap, so that every proof drawn from it holds. Another chain (opt-out, more
   * iterations, a name added after signing) is named in the warning and the zone is served as data.
   */
  private static Nsec3Chain nsec3Chain(Zone zone, boolean[] authoritative, BitSet owners, List<NSEC3Record> given)
      throws NotServable {
    ZoneData data = zone.data();
    Name origin = zone.origin();
    int apex = data.find(origin);
    List<Record> params = data.records(apex, Type.NSEC3PARAM, origin);
    if (params.size() != 1) {
      throw new NotServable("its apex has " + params.size() + " NSEC3PARAM records where one names the NSEC3 chain");
    }
    NSEC3PARAMRecord param = (NSEC3PARAMRecord) params.get(0);
    if (param.getHashAlgorithm() != Nsec3Hash.SHA1 || param.getFlags() != 0) {
      // RFC 5155 §4.1.2: the NSEC3PARAM's flags are 0 (opt-out is a flag of each NSEC3)
      throw new NotServable("its NSEC3PARAM has hash algorithm " + param.getHashAlgorithm() + " and flags "
          + param.getFlags() + ", where SHA-1 (1) and 0 are the only ones defined (RFC 5155 §4.1)");
    }
    if (param.getIterations() > Nsec3Hash.MAX_ITERATIONS) {
      throw new NotServable("its NSEC3 chain has " + param.getIterations() + " extra iterations, more than the "
          + Nsec3Hash.MAX_ITERATIONS + " served here: validators may treat it as unsigned (RFC 9276 §3.2), and"
          + " every proof would cost that many hashes per name; sign it with 0 (RFC 9276 §3.1)");
    }
    Nsec3Hash hash = Nsec3Hash.of(param.getIterations(), param.getSalt());
    if (given.isEmpty()) {
      throw new NotServable("it names an NSEC3 chain but holds no NSEC3 records");
    }
    for (NSEC3Record r : given) {
      if ((r.getFlags() & NSEC3Record.Flags.OPT_OUT) != 0) {
        throw new NotServable("its NSEC3 chain uses opt-out (RFC 5155 §6), which is not served here");
      }
      if (r.getHashAlgorithm() != param.getHashAlgorithm() || r.getIterations() != param.getIterations()
          || !hash.hasSalt(r.getSalt())) {
        throw new NotServable("the NSEC3 at " + r.getName() + " has other parameters than the NSEC3PARAM");
      }
    }
    Map<Name, List<Integer>> names = new HashMap<>();
    for (int n = 0; n < data.nodeCount(); n++) {
      if (!authoritative[n] || owners.get(n)) {
        continue;
      }
      List<Integer> types = new ArrayList<>();
      for (int type : data.types(n)) {
        boolean parentSide = !data.isCut(n) || type == Type.NS || type == Type.DS;
        if (parentSide && type != Type.RRSIG && type != Type.NSEC3PARAM) {
          types.add(type); // RRSIG and NSEC3PARAM: the chain adds them where they belong
        }
      }
      names.put(data.name(n), types);
    }
    Nsec3Chain ours;
    try {
      ours = Nsec3Chain.build(origin, names, zone.negativeSoa().getTTL(), hash);
    } catch (IllegalArgumentException e) {
      throw new NotServable("its names cannot have an NSEC3 chain: " + e.getMessage());
    }
    Map<Name, NSEC3Record> byOwner = new HashMap<>();
    for (NSEC3Record r : given) {
      byOwner.put(r.getName(), r);
    }
    List<NSEC3Record> expected = ours.records();
    for (NSEC3Record want : expected) { // a missing name first: it explains the records around it
      if (!byOwner.containsKey(want.getName())) {
        throw new NotServable("its NSEC3 chain lacks " + want.getName() + ", the hash of one of its names: it"
            + " was signed before names were added");
      }
    }
    for (NSEC3Record want : expected) {
      NSEC3Record have = byOwner.get(want.getName());
      if (!Arrays.equals(have.getNext(), want.getNext()) || !Arrays.equals(have.getTypes(), want.getTypes())) {
        throw new NotServable("the NSEC3 at " + want.getName() + " says " + have.rdataToString() + " where the"
            + " zone's names give " + want.rdataToString());
      }
    }
    if (given.size() != expected.size()) {
      throw new NotServable("its NSEC3 chain has " + given.size() + " records where the zone's names give "
          + expected.size());
    }
    return ours;
  }

  private static boolean holdsType(ZoneData data, int type) {
    for (int s = 0; s < data.setCount(); s++) {
      if (data.setType(s) == type) {
        return true;
      }
    }
    return false;
  }

  /** The RRSIGs of one name, by the type each covers. */
  private static Map<Integer, List<Record>> signaturesByType(List<Record> rrsigs) {
    Map<Integer, List<Record>> out = new HashMap<>();
    for (Record r : rrsigs) {
      out.computeIfAbsent(((RRSIGRecord) r).getTypeCovered(), t -> new ArrayList<>(2)).add(r);
    }
    return out;
  }

  /**
   * The zone's NSEC chain, which must hold one NSEC per authoritative name with data ({@code names} of
   * them): a proof drawn from a chain that misses names, or lists names the zone lacks, would deny what
   * the zone answers.
   */
  private static NsecChain chain(Name origin, List<NSECRecord> nsecs, int names) throws NotServable {
    if (nsecs.isEmpty()) {
      throw new NotServable("it holds no NSEC chain");
    }
    NsecChain chain;
    try {
      chain = NsecChain.of(origin, nsecs);
    } catch (IllegalArgumentException e) {
      throw new NotServable("its NSEC chain is broken: " + e.getMessage());
    }
    if (nsecs.size() != names) {
      throw new NotServable("its NSEC chain has " + nsecs.size() + " names where the zone has " + names
          + " names with data");
    }
    return chain;
  }

  /**
   * Each name's NSEC lists exactly its types (at a cut, those of the parent side), plus RRSIG and NSEC
   * (RFC 4034 §4.1.2): a validator takes a NODATA proof from the bitmap.
   */
  private static void checkBitmaps(ZoneData data, boolean[] authoritative, NsecChain chain) throws NotServable {
    for (int n = 0; n < data.nodeCount(); n++) {
      if (!authoritative[n] || data.setsStart(n) == data.setsEnd(n)) {
        continue;
      }
      int[] listed = chain.typesAt(data.name(n));
      if (listed == null) {
        throw new NotServable(data.name(n) + " owns records but no NSEC");
      }
      TreeSet<Integer> held = new TreeSet<>(List.of(Type.RRSIG, Type.NSEC));
      for (int type : data.types(n)) {
        if (!data.isCut(n) || type == Type.NS || type == Type.DS) {
          held.add(type);
        }
      }
      int[] expected = held.stream().mapToInt(Integer::intValue).toArray();
      if (!Arrays.equals(listed, expected)) {
        throw new NotServable("the NSEC of " + data.name(n) + " lists " + typeNames(listed) + " where the name has "
            + typeNames(expected));
      }
    }
  }

  private static List<String> typeNames(int[] types) {
    List<String> out = new ArrayList<>(types.length);
    for (int t : types) {
      out.add(Type.string(t));
    }
    return out;
  }
}
