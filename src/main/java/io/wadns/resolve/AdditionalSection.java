package io.wadns.resolve;

import io.wadns.health.HealthView;
import io.wadns.weighted.Randomness;
import io.wadns.weighted.WeightedName;
import io.wadns.zone.NameLookup;
import io.wadns.zone.Node;
import io.wadns.zone.RecordSet;
import io.wadns.zone.Zone;
import io.wadns.zone.ZoneSignatures;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Type;

/**
 * Additional section processing (RFC 1034 §4.3.2 step 6, RFC 2782): addresses of the hosts an
 * answer names, when they are in the same zone, and glue for referrals (RFC 9471).
 */
final class AdditionalSection {
  private static final int[] ADDRESS_TYPES = {Type.A, Type.AAAA};

  private final Randomness random;

  AdditionalSection(Randomness random) {
    this.random = random;
  }

  /**
   * Addresses for the targets of MX, SRV and NS answers; with {@code sigs} (DO, a signed zone), with
   * their RRSIGs, as RFC 4035 §3.1.1 asks where space permits (the encoder drops an additional RRset
   * whole, its RRSIGs with it, when it does not fit).
   */
  void addFor(AnswerBuilder answer, Zone zone, RecordSet set, HealthView view, ZoneSignatures sigs) {
    int type = set.type();
    if (type != Type.MX && type != Type.SRV && type != Type.NS) {
      return;
    }
    List<Name> done = new ArrayList<>(set.size());
    for (int i = 0; i < set.size(); i++) {
      Name target = targetOf(set.get(i));
      if (target == null || !target.subdomain(zone.origin()) || done.contains(target)) {
        continue;
      }
      done.add(target);
      if (zone.lookup(target) instanceof NameLookup.Exact exact) {
        addAddresses(answer, exact.node(), view, sigs);
      }
    }
  }

  /**
   * Glue for a referral: addresses of name servers below the cut first, since the referral is
   * useless without them and their loss must truncate (RFC 9471 §3); then other in-zone servers.
   */
  void addGlue(AnswerBuilder answer, Zone zone, Node cut, RecordSet ns, HealthView view, ZoneSignatures sigs) {
    List<Record> out = answer.additional;
    for (int i = 0; i < ns.size(); i++) {
      Name target = ((NSRecord) ns.get(i)).getTarget();
      if (target.subdomain(cut.name())) {
        Node host = zone.node(target);
        if (host != null) {
          addAddresses(answer, host, view, null); // glue is the child's data: never signed here
        }
      }
    }
    answer.requireAdditional(out.size());
    for (int i = 0; i < ns.size(); i++) {
      Name target = ((NSRecord) ns.get(i)).getTarget();
      if (!target.subdomain(cut.name()) && target.subdomain(zone.origin())
          && zone.lookup(target) instanceof NameLookup.Exact exact) {
        addAddresses(answer, exact.node(), view, sigs);
      }
    }
  }

  private void addAddresses(AnswerBuilder answer, Node host, HealthView view, ZoneSignatures sigs) {
    List<Record> out = answer.additional;
    for (int type : ADDRESS_TYPES) {
      if (host.hasAlias()) {
        WeightedName weighted = host.alias(type);
        if (weighted != null) {
          answer.markVariable();
          Signed.addGroup(out, weighted, weighted.pick(random, view), random, host.name(), null, view, sigs);
        }
      } else {
        RecordSet set = host.get(type);
        if (set != null) {
          if (set.checked()) {
            answer.markVariable();
          }
          Signed.addSet(out, set, null, view, sigs);
        }
      }
    }
  }

  private static Name targetOf(Record r) {
    if (r instanceof MXRecord mx) {
      return mx.getTarget();
    }
    if (r instanceof SRVRecord srv) {
      return srv.getTarget();
    }
    if (r instanceof NSRecord ns) {
      return ns.getTarget();
    }
    return null;
  }
}
