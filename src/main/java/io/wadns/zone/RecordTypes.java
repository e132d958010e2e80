package io.wadns.zone;

import io.wadns.health.HealthCheckRecord;
import io.wadns.weighted.AliasRecord;
import org.xbill.DNS.Type;

/**
 * The record types wadns adds to zone files, registered with dnsjava so its ordinary zone parser
 * reads them.
 *
 * <p>Codes come from the private-use range 65280-65534 (RFC 6895 §3.1). They are configuration:
 * the resolver never puts them in an answer.
 */
public final class RecordTypes {
  /** {@code OWNER [TTL] [IN] ALIAS WEIGHT TARGET [key=value ...]}: see docs/weighted-aliases.md. */
  public static final int ALIAS = AliasRecord.TYPE;
  /** {@code OWNER [TTL] [IN] HEALTHCHECK PROTOCOL [key=value ...]}: see docs/health-checks.md. */
  public static final int HEALTHCHECK = HealthCheckRecord.TYPE;

  private static volatile boolean registered;

  private RecordTypes() {}

  /** Registers the types; idempotent, and safe to call from several threads at start-up. */
  public static void register() {
    if (registered) {
      return;
    }
    synchronized (RecordTypes.class) {
      if (!registered) {
        Type.register(ALIAS, "ALIAS", AliasRecord::new);
        Type.register(HEALTHCHECK, "HEALTHCHECK", HealthCheckRecord::new);
        registered = true;
      }
    }
  }

  /** True for wadns' configuration types, which are never answered. */
  public static boolean isConfiguration(int type) {
    return type == ALIAS || type == HEALTHCHECK;
  }
}
