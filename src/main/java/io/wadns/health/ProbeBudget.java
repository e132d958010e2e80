package io.wadns.health;

/**
 * How much probing the server allows itself, whatever the zones ask for: at most {@code perSecond} new
 * probe connections a second, spread evenly, and at most {@code maxInFlight} probes running at once. A
 * zone file can declare any number of checked addresses at any interval; the budget keeps their cost
 * bounded so probing never takes the machine from the threads that answer queries. When the schedule
 * asks for more, probes wait their turn, oldest due first, so each address is probed less often than its
 * interval; no probe is skipped.
 *
 * @param perSecond new probes started per second at most (1 to 1,000,000)
 * @param maxInFlight probes started and not yet finished at most (1 to 100,000); each holds a socket
 */
public record ProbeBudget(int perSecond, int maxInFlight) {
  /**
   * A thousand probes a second is a hundred addresses at the shortest common interval (100 ms) or ten
   * thousand at the default one (10 s), and costs a few percent of one core; 512 sockets at once stay
   * far from a default limit of 1,024 open files.
   */
  public static final ProbeBudget DEFAULT = new ProbeBudget(1000, 512);

  public static final int MAX_PER_SECOND = 1_000_000;
  public static final int MAX_IN_FLIGHT = 100_000;

  public ProbeBudget {
    if (perSecond < 1 || perSecond > MAX_PER_SECOND) {
      throw new IllegalArgumentException("probes per second must be from 1 to " + MAX_PER_SECOND + ", not " + perSecond);
    }
    if (maxInFlight < 1 || maxInFlight > MAX_IN_FLIGHT) {
      throw new IllegalArgumentException("probes in flight must be from 1 to " + MAX_IN_FLIGHT + ", not " + maxInFlight);
    }
  }
}
