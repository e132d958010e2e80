package io.wadns.zone;

import io.wadns.health.HealthView;
import io.wadns.weighted.AddressGroup;
import io.wadns.weighted.WeightedName;
import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * What signing adds to a zone version (RFC 4035 §2): the RRSIGs of its RRsets and of every RRset its
 * weighted names can answer with, the apex's key sets (DNSKEY, CDS, CDNSKEY) and the denial-of-existence
 * chain with the proofs an answer needs, all made before the version is published. The resolver reads
 * it for queries with the DO bit (RFC 4035 §3.1); nothing here signs on a query. Immutable and shared by
 * every query thread.
 */
public interface ZoneSignatures {
  /** The RRSIGs of RRset {@code set} of the zone's data, owned by its owner; empty when it is not signed. */
  List<Record> ofSet(int set);

  /**
   * The RRSIGs of the whole of {@code group} answered for {@code name}, owned by the name's owner (a
   * wildcard owner for a wildcard alias); empty when there are none.
   */
  List<Record> ofGroup(WeightedName name, AddressGroup group);

  /**
   * The RRSIGs of the records {@code served} (indices into the group, ascending) of {@code group}
   * answered for {@code name}, when that part of the group was signed ahead ({@link #prepare}); null when
   * it was not, and the answer must be the whole group.
   */
  List<Record> ofGroupPart(WeightedName name, AddressGroup group, int[] served);

  /**
   * The RRSIGs of the records {@code served} (indices, ascending) of the health-checked RRset {@code set},
   * when signed ahead ({@link #prepare}); null when not.
   */
  List<Record> ofSetPart(int set, int[] served);

  /**
   * Signs, ahead of the queries that need them, the parts of RRsets that answers under {@code view} serve:
   * the windows of groups with {@code max=}, and groups and checked RRsets with addresses down. Called
   * before a zone version or a health view is published; never on a query. Idempotent: a part is signed
   * once per zone version.
   */
  void prepare(Zone zone, HealthView view);

  /**
   * The RRset of {@code type} that signing adds at the apex (DNSKEY, CDS, CDNSKEY, NSEC3PARAM), or an
   * empty list; it replaces any RRset of that type in the zone file.
   */
  List<Record> apexSet(int type);

  /** The RRSIGs of {@link #apexSet}({@code type}). */
  List<Record> ofApexSet(int type);

  /** The types {@link #apexSet} answers for. */
  boolean addsAtApex(int type);

  /**
   * The NSEC record owned by {@code name} followed by its RRSIGs, for a query of type NSEC; empty with
   * NSEC3, or when the name owns none (an empty non-terminal).
   */
  List<Record> nsecAt(Name name);

  /** RFC 4035 §3.1.3.2: the denial records (NSEC or NSEC3, with their RRSIGs) of NXDOMAIN for {@code qname}. */
  List<Record> nameError(Name qname);

  /** RFC 4035 §3.1.3.1: the denial records of NODATA at {@code qname}, an existing name or empty non-terminal. */
  List<Record> noData(Name qname);

  /** RFC 4035 §3.1.3.3: the records proving no closer name than the wildcard matched {@code qname}. */
  List<Record> wildcardAnswer(Name qname);

  /** RFC 4035 §3.1.3.4: the records proving the wildcard that matched {@code qname} lacks the type. */
  List<Record> wildcardNoData(Name qname);

  /** RFC 4035 §3.1.4: the records proving the delegation at {@code cut} has no DS. */
  List<Record> insecureDelegation(Name cut);

  /**
   * The RRSIGs of the apex SOA as negative answers carry it: with the TTL of {@link Zone#negativeSoa()}
   * (RFC 4035 §2.2: an RRSIG's TTL is its RRset's; RFC 9077 §3).
   */
  List<Record> ofNegativeSoa();

  /** The earliest expiration of any signature here, in seconds since 1970 (for the refresh and /metrics). */
  long earliestExpiration();
}
