package io.wadns.zonetext;

import java.util.Random;

/**
 * A generated zone of the usual mix: 60% A, 20% AAAA, 10% TXT, 10% MX, plus a CNAME, SRV or NS
 * now and then; about 27 bytes a record. Deterministic for a given size.
 */
final class LargeZone {
  /** The SOA and NS records at the apex, before the generated ones. */
  static final int APEX_RECORDS = 2;

  private LargeZone() {}

  static String text(int records) {
    Random random = new Random(records);
    StringBuilder sb = new StringBuilder(records * 28 + 256);
    sb.append("$ORIGIN large.example.\n$TTL 3600\n");
    sb.append("@ IN SOA ns1 hostmaster 2024010101 7200 900 1209600 300\n");
    sb.append("@ IN NS ns1\n");
    for (int i = 0; i < records; i++) {
      String owner = "host" + i;
      int pick = random.nextInt(100);
      if (i % 97 == 0) {
        sb.append(owner).append(" CNAME h").append(Integer.toString(i / 2, 36)).append('\n');
      } else if (i % 89 == 0) {
        sb.append("_sip._tcp.").append(owner).append(" SRV 10 60 5060 h").append(Integer.toString(i / 3, 36)).append('\n');
      } else if (i % 83 == 0) {
        sb.append(owner).append(" NS ns").append(i % 4).append(".large.example.\n");
      } else if (pick < 60) {
        sb.append(owner).append(" A 10.").append(i >>> 16 & 255).append('.').append(i >>> 8 & 255).append('.')
            .append(i & 255).append('\n');
      } else if (pick < 80) {
        sb.append(owner).append(" 300 AAAA 2001:db8::").append(Integer.toHexString(i & 0xFFFF)).append('\n');
      } else if (pick < 90) {
        sb.append(owner).append(" TXT \"v=").append(i).append("\"\n");
      } else {
        sb.append(owner).append(" MX 10 mx").append(i % 7).append('\n');
      }
    }
    return sb.toString();
  }
}
