package io.wadns.secondary;

/**
 * One secondary zone as {@code /metrics} shows it, read at scrape time.
 *
 * @param catalog the catalog zone that lists this zone, or empty for a zone of the configuration
 * @param serial the serial of the version held, or -1
 * @param served true when the zone is answered from (held and not expired)
 * @param expired true when no check succeeded for the SOA's EXPIRE: answered SERVFAIL
 * @param refreshed the last successful check, in seconds since 1970, or 0
 * @param refreshFailures checks that failed at every primary
 * @param notifies NOTIFY messages accepted for the zone
 * @param upToDate checks that found the zone current
 */
public record SecondaryZoneState(String zone, String catalog, long serial, boolean served, boolean expired,
    long refreshed, long refreshFailures, long notifies, long upToDate, Transfers axfr, Transfers ixfr) {
  /** Transfers of one kind that brought a new version: how many, their bytes, their time. */
  public record Transfers(long count, long bytes, long nanos) {}
}
