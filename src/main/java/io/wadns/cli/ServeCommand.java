package io.wadns.cli;

import io.wadns.config.ConfigException;
import io.wadns.config.ConfigFile;
import io.wadns.config.SecondaryConfig;
import io.wadns.dnssec.ZoneSigning;
import io.wadns.config.ServeConfig;
import io.wadns.health.HealthMonitor;
import io.wadns.health.HealthRegistry;
import io.wadns.health.ProbeBudget;
import io.wadns.metrics.MetricsRegistry;
import io.wadns.metrics.ProbeMetrics;
import io.wadns.metrics.QueryMetrics;
import io.wadns.metrics.ReloadMetrics;
import io.wadns.metrics.SecondaryMetrics;
import io.wadns.metrics.SigningMetrics;
import io.wadns.metrics.StateMetrics;
import io.wadns.metrics.TransferMetrics;
import io.wadns.protocol.Responder;
import io.wadns.reload.ReloadResult;
import io.wadns.reload.ReloadResult.FileOutcome;
import io.wadns.reload.ZoneReloader;
import io.wadns.resolve.Resolver;
import io.wadns.rrl.ResponseRateLimiter;
import io.wadns.rrl.RrlChoice;
import io.wadns.server.DnsServer;
import io.wadns.server.HttpEndpoint;
import io.wadns.server.HttpOptions;
import io.wadns.server.HttpTokenFileException;
import io.wadns.server.ListenException;
import io.wadns.server.MetricsPage;
import io.wadns.server.ServerOptions;
import io.wadns.secondary.Secondary;
import io.wadns.transfer.Primary;
import io.wadns.tsig.TsigKeyring;
import io.wadns.weighted.Randomness;
import io.wadns.zone.Zone;
import io.wadns.zone.ZoneSet;
import io.wadns.zonefile.LoadLimits;
import io.wadns.zonefile.ZoneProblem;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code wadns serve}: loads every zone file on its own, serves the ones that loaded (a broken one
 * answers SERVFAIL), then answers queries and reloads the zones on SIGHUP, {@code POST /reload} and,
 * with {@code --watch}, on changes.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Serve every *.zone file of the zones folder on UDP and TCP; reload them on SIGHUP.")
final class ServeCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger("wadns");

  @Option(names = "--zones", paramLabel = "DIR", defaultValue = "zones",
      description = "Folder of *.zone files (default: ${DEFAULT-VALUE}).")
  Path zones;

  @CommandLine.Mixin
  ZoneLimitOptions zoneLimits = new ZoneLimitOptions();

  @CommandLine.Mixin
  SigningOptions signingOptions = new SigningOptions();

  @Option(names = "--listen", paramLabel = "HOST:PORT", converter = ListenAddress.class,
      defaultValue = "127.0.0.1:5300",
      description = "Address to serve on UDP and TCP; repeat for several; IPv6 as [::1]:5300"
          + " (default: ${DEFAULT-VALUE}).")
  List<InetSocketAddress> listen;

  @Option(names = "--threads", paramLabel = "N",
      description = "Network threads (default: the number of CPUs).")
  Integer threads;

  @Option(names = "--strict",
      description = "Refuse to start unless every zone file loads (by default a broken zone answers SERVFAIL"
          + " and the others are served).")
  boolean strict;

  @Option(names = "--pid-file", paramLabel = "PATH",
      description = "Write the process id here once listening (for kill -HUP); removed on exit.")
  Path pidFile;

  @Option(names = "--tcp-idle-timeout", paramLabel = "SECONDS", defaultValue = "10",
      description = "Close a TCP connection idle this long (default: ${DEFAULT-VALUE}); 1 s while over half of"
          + " --tcp-max-connections are open.")
  int tcpIdleSeconds;

  @Option(names = "--tcp-max-connections", paramLabel = "N", defaultValue = "1024",
      description = "Concurrent TCP connections at most; at the cap a new one closes the connection idle"
          + " longest (default: ${DEFAULT-VALUE}).")
  int tcpMaxConnections;

  @Option(names = "--tcp-max-per-client", paramLabel = "N", defaultValue = "64",
      description = "Concurrent TCP connections from one client (an IPv4 address, an IPv6 /64) at most"
          + " (default: ${DEFAULT-VALUE}).")
  int tcpMaxPerClient;

  @Option(names = "--tcp-max-in-flight", paramLabel = "N", defaultValue = "16",
      description = "Replies waiting to be sent on one TCP connection at most; past it the connection's"
          + " queries are not read until the client reads (default: ${DEFAULT-VALUE}).")
  int tcpMaxInFlight;

  @Option(names = "--udp-read-pause", paramLabel = "MICROSECONDS", defaultValue = "200",
      description = "When a UDP socket is busy (10,000 queries a second or more) and a read found few queries,"
          + " wait this long before reading again so the next read gathers more: less CPU per query for a"
          + " little latency; 0 never waits, at most 1000 (default: ${DEFAULT-VALUE}).")
  int udpReadPauseMicros;

  @Option(names = "--rrl-rate", paramLabel = "N",
      description = "Response rate limiting: at most N identical UDP replies per second to one client network"
          + " (/24, /56); 0 turns it off (default: 200 when listening on any address but loopback, else off).")
  Integer rrlRate;

  @Option(names = "--rrl-slip", paramLabel = "N", defaultValue = "2",
      description = "With rate limiting on, send every Nth limited reply as an empty truncated reply so real clients"
          + " retry over TCP; 0 never, 1 always (default: ${DEFAULT-VALUE}).")
  int rrlSlip;

  @Option(names = "--query-log",
      description = "Log one line per query (client, name, type, rcode, alias target); off by default.")
  boolean queryLog;

  @Option(names = "--http", paramLabel = "HOST:PORT", converter = ListenAddress.class,
      description = "Serve GET /health (health-checked addresses), GET /metrics (Prometheus) and POST /reload"
          + " on this address, to requests whose Host is this address (or localhost on loopback); off by default.")
  InetSocketAddress http;

  @Option(names = "--http-token-file", paramLabel = "PATH",
      description = "With --http: a file (mode 600) holding the bearer token POST /reload requires; without it"
          + " POST /reload is served on loopback only. GET /metrics and GET /health stay open.")
  Path httpTokenFile;

  @Option(names = "--watch",
      description = "Reload by itself when a zone file changes and has been quiet for --watch-quiet; a changed"
          + " zone is swapped in only with a greater SOA serial. Off by default.")
  boolean watch;

  @Option(names = "--watch-quiet", paramLabel = "SECONDS", defaultValue = "2",
      description = "With --watch, how long files must be quiet before a reload (default: ${DEFAULT-VALUE}).")
  double watchQuietSeconds;

  @Option(names = "--health-max-probes-per-second", paramLabel = "N", defaultValue = "1000",
      description = "Health probes started per second at most, spread evenly; when the checks ask for more, probes"
          + " wait their turn and addresses are probed less often than their interval (default: ${DEFAULT-VALUE}).")
  int healthMaxProbesPerSecond;

  @Option(names = "--health-max-in-flight", paramLabel = "N", defaultValue = "512",
      description = "Health probes running at once at most (default: ${DEFAULT-VALUE}).")
  int healthMaxInFlight;

  @Option(names = "--config", paramLabel = "FILE",
      description = "A YAML file of settings (listen, http, zones, keys, tsig, transfer, catalog, secondary); flags given"
          + " on the command line win over it.")
  Path configFile;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    long started = System.nanoTime();
    AllocatorEvents.offUnlessAsked();
    LeakSampling.offUnlessAsked();
    ServeConfig config = configured();
    ServerOptions options = options();
    Duration quiet = watchQuiet();
    RrlChoice rrl = rrlChoice();
    ProbeBudget probeBudget = probeBudget();
    HealthRegistry health = new HealthRegistry(Clock.systemUTC());
    LoadLimits limits = zoneLimits.limits(zones, spec.commandLine());
    boolean secondaries = config.secondary() != null
        && !(config.secondary().zones().isEmpty() && config.secondary().catalogs().isEmpty());
    ZoneReloader reloader = new ZoneReloader(zones, health, limits);
    ZoneSigning signing = signingOptions.signing(config.keys(), spec.commandLine(), health::view);
    if (signing != null) {
      reloader.signedWith(signing);
    }
    if (secondaries) {
      reloader.mayBeEmpty(); // a server of secondary zones only has a folder of no zone files
    }
    ReloadResult loaded = reloader.loadInitial();
    List<Zone> served = loaded.servedZones();
    if (served.isEmpty() && !secondaries || strict && !loaded.ok()) {
      refuse(loaded, served.isEmpty());
      return 1;
    }
    report(loaded);
    if (signing != null && served.stream().noneMatch(z -> z.signatures() != null)) {
      log.warn("no zone has an active key in {}: every zone is served unsigned", signing.dir());
    }
    HeapSettling.afterInitialLoad();
    long loadMillis = (System.nanoTime() - started) / 1_000_000;
    MetricsRegistry metrics = new MetricsRegistry();
    StateMetrics.register(metrics.prometheus(), reloader::current, health);
    ReloadMetrics.register(metrics.prometheus(), reloader.stats());
    // The fleet: TSIG keys, and the primary side of zone transfer when the configuration offers it.
    TsigKeyring keys = TsigKeyring.of(config.tsig(), Clock.systemUTC());
    Primary primary = config.transfer().configured() || config.catalog() != null ? new Primary(
        config.transfer().allow(), config.transfer().notifyTargets(), keys, config.transfer().journal(),
        config.transfer().journalBytes(), config.catalog()) : null;
    Supplier<ZoneSet> answered = reloader::current;
    if (primary != null) {
      primary.loaded(reloader.current());
      answered = primary.served(reloader::current); // the catalog zone too
      TransferMetrics.register(metrics.prometheus(), primary.stats(), primary::published);
    }
    // Zone loads give out health keys: reloads and secondary zone builds take turns (see Secondary).
    Object loading = new Object();
    Secondary secondary = secondaries ? new Secondary(followed(config.secondary().zones()),
        followed(config.secondary().catalogs()), config.secondary().store(), keys, health, loading, limits,
        Clock.systemUTC()) : null;
    if (secondary != null) {
      secondary.settleHeapWith(HeapSettling::afterSecondaryLoad); // as the zone files' first load is settled
    }
    if (secondary != null && signing != null) {
      secondary.signedWith(signing);
    }
    if (secondary != null) {
      for (SecondaryConfig.Followed f : config.secondary().zones()) {
        if (served.stream().anyMatch(z -> z.origin().equals(f.name()))) {
          log.error("zone {} is both a zone file in {} and a secondary zone: the zone file is served", f.name(),
              zones);
        }
      }
      answered = secondary.served(answered);
      SecondaryMetrics.register(metrics.prometheus(), secondary::state, secondary::notifiesRefused);
    }
    if (signing != null) {
      // A health change publishes its view only once what it serves of signed zones is signed.
      Supplier<ZoneSet> signedZones = answered;
      health.beforePublish(view -> {
        for (Zone z : signedZones.get().zones()) {
          if (z.signatures() != null) {
            z.signatures().prepare(z, view);
          }
        }
      });
    }
    if (signing != null) {
      SigningMetrics.register(metrics.prometheus(), signing, Clock.systemUTC());
    }
    StateMetrics.registerSignatures(metrics.prometheus(), answered);
    Responder responder = new Responder(new Resolver(answered, health::view, Randomness.threadLocal()),
        new QueryMetrics(metrics.prometheus(), queryLog), keys, secondary == null ? null : secondary::notified);
    ResponseRateLimiter rateLimiter = rrl.settings().map(s -> new ResponseRateLimiter(s, System::nanoTime))
        .orElse(null);
    log.info("{}", rrl.describe());
    CountDownLatch stop = new CountDownLatch(1);
    ShutdownSignals.onStop(stop::countDown);
    PidFile pid = null;
    ScheduledExecutorService resigning = null;
    ScheduledExecutorService settling = null;
    try (HealthMonitor monitor = new HealthMonitor(probeBudget);
        DnsServer server = new DnsServer(responder, options, rateLimiter,
            primary == null ? null : primary.transfers());
        ReloadQueue reloads = new ReloadQueue(() -> {
          synchronized (loading) {
            return reloader.reload();
          }
        }, () -> {
          synchronized (loading) {
            return reloader.reloadNewSerials();
          }
        })) {
      ProbeMetrics.register(metrics.prometheus(), monitor.stats());
      health.onChange(monitor::watch);
      ReloadSignals.onHangup(() -> reloads.request("SIGHUP"));
      HttpEndpoint endpoint = null;
      ZoneWatcher watcher = null;
      try {
        server.start();
        metrics.registerJvmMetricsAtFirstScrape();
        endpoint = http == null ? null : HttpEndpoint.start(HttpOptions.on(http).withTokenFile(httpTokenFile), health,
            () -> reloads.request("POST /reload"),
            new MetricsPage(metrics.contentType(), metrics::scrape));
      } catch (ListenException | HttpTokenFileException e) {
        return fail(e.getMessage(), endpoint);
      }
      try {
        watcher = watch ? ZoneWatcher.start(zones, reloader::sourceFiles,
            () -> reloads.request("zone files changed", true), quiet) : null;
      } catch (IOException e) {
        return fail("cannot watch " + zones + ": " + e.getMessage(), endpoint);
      }
      if (watcher != null) {
        reloads.afterEach(watcher::sourcesChanged); // includes in folders a reload just added
      }
      if (primary != null) {
        reloads.afterEach(() -> primary.loaded(reloader.current()));
      }
      if (signing != null) {
        Supplier<ZoneSet> all = answered;
        reloads.afterEach(() -> signing.retain(all.get().zones().stream().map(Zone::origin)
            .collect(Collectors.toSet()))); // metrics of removed zones go
      }
      if (secondary != null) {
        secondary.start(); // the stored zones are served from here on, then each is checked
      }
      if (signing != null) {
        // Signatures near expiry and key timings that pass are seen within a minute, and signed off the
        // query path on the reload thread, between reloads.
        resigning = Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "wadns-signing");
          t.setDaemon(true);
          return t;
        });
        Secondary followed = secondary;
        Runnable resignPass = reloads.oneAtATime("signing zones again", () -> {
          synchronized (loading) {
            return reloader.resignDue();
          }
        });
        // Whatever a pass throws is logged here: an exception that left the task would end the
        // schedule for good, and no zone would be signed again before its signatures expire.
        resigning.scheduleWithFixedDelay(() -> {
          try {
            resignPass.run();
          } catch (RuntimeException | Error e) {
            log.error("queueing the zones' signing again failed: {}", e.toString(), e);
          }
          if (followed != null) {
            try {
              followed.resignDue();
            } catch (RuntimeException | Error e) {
              log.error("signing secondary zones again failed: {}", e.toString(), e);
            }
          }
        }, 60, 60, TimeUnit.SECONDS);
      }
      try {
        pid = pidFile == null ? null : PidFile.write(pidFile);
      } catch (IOException e) {
        return fail("cannot write the pid file " + pidFile + ": " + e.getMessage(), endpoint, watcher, secondary);
      }
      // Files read within two seconds of a write are read again once settled, between reloads, so that
      // the next reload knows them from their stamps (ZoneReloader.settle).
      settling = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "wadns-settle");
        t.setDaemon(true);
        return t;
      });
      settling.scheduleWithFixedDelay(reloads.oneAtATime("reading recently written zone files again", () -> {
        reloader.settle(reloads::reloadWaiting);
        return new ReloadResult(List.of(), List.of(), reloader.stats().snapshot(), Map.of());
      }), 3, 3, TimeUnit.SECONDS);
      log.info("{} serving {} zone{}{}{}, {} records, loaded in {} ms, on {}", new VersionProvider().getVersion()[0],
          served.size(), served.size() == 1 ? "" : "s",
          secondary == null ? "" : " and " + secondaryCount(config) + " secondary",
          loaded.servfail().isEmpty() ? "" : " (" + loaded.servfail().size() + " failed: SERVFAIL)",
          served.stream().mapToLong(Zone::recordCount).sum(), loadMillis,
          server.boundAddresses().stream().map(DnsServer::display).collect(Collectors.joining(", ")));
      stop.await();
      log.info("stopping");
      if (resigning != null) {
        resigning.shutdownNow();
      }
      settling.shutdownNow();
      close(endpoint, watcher, pid, primary, secondary);
    }
    log.info("stopped");
    return 0;
  }

  private static List<Secondary.Followed> followed(List<SecondaryConfig.Followed> list) {
    return list.stream().map(f -> new Secondary.Followed(f.name(), f.primaries(), f.tsig())).toList();
  }

  private static String secondaryCount(ServeConfig config) {
    int zones = config.secondary().zones().size();
    int catalogs = config.secondary().catalogs().size();
    return zones + (catalogs == 0 ? "" : " (and the members of " + catalogs + " catalog" + (catalogs == 1 ? "" : "s")
        + ")");
  }

  /** Start-up refused: every problem on standard error, then why nothing is served. */
  private void refuse(ReloadResult loaded, boolean nothingLoaded) {
    PrintWriter err = spec.commandLine().getErr();
    for (ZoneProblem p : loaded.problems()) {
      err.println(p);
    }
    long errors = loaded.problems().stream().filter(ZoneProblem::isError).count();
    err.println("wadns: not serving: " + (nothingLoaded ? "no zone could be loaded from " + zones
        : "--strict and " + errors + " problem" + (errors == 1 ? "" : "s") + " in " + zones));
    err.flush();
  }

  /** The first load in the log: each file's problems and outcome. */
  private static void report(ReloadResult loaded) {
    loaded.problems().stream().filter(p -> p.line() == 0 && loaded.files().stream()
        .noneMatch(f -> f.problems().contains(p))).forEach(p -> log.warn("{}", p));
    for (FileOutcome f : loaded.files()) {
      ZoneReloader.logOutcome(f, loaded.servfail().get(Path.of(f.file())), true);
    }
  }

  private int fail(String message, AutoCloseable... parts) {
    spec.commandLine().getErr().println("wadns: " + message);
    spec.commandLine().getErr().flush();
    close(parts);
    return 1;
  }

  private static void close(AutoCloseable... parts) {
    for (AutoCloseable part : parts) {
      try {
        if (part != null) {
          part.close();
        }
      } catch (Exception e) {
        log.warn("while stopping: {}", e.toString());
      }
    }
  }

  /** {@code --config}: the file fills in what the command line leaves out; its errors are usage errors. */
  private ServeConfig configured() {
    if (configFile == null) {
      return ServeConfig.none();
    }
    ServeConfig c;
    try {
      c = ConfigFile.read(configFile);
    } catch (ConfigException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    CommandLine.ParseResult given = spec.commandLine().getParseResult();
    if (c.zones() != null && !given.hasMatchedOption("--zones")) {
      zones = c.zones();
    }
    if (!c.listen().isEmpty() && !given.hasMatchedOption("--listen")) {
      listen = c.listen();
    }
    if (c.http() != null && !given.hasMatchedOption("--http")) {
      http = c.http();
    }
    return c;
  }

  private Duration watchQuiet() {
    if (!(watchQuietSeconds >= 0.05 && watchQuietSeconds <= 600)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--watch-quiet must be 0.05-600 seconds");
    }
    return Duration.ofMillis(Math.round(watchQuietSeconds * 1000));
  }


  private ProbeBudget probeBudget() {
    if (healthMaxProbesPerSecond < 1 || healthMaxProbesPerSecond > ProbeBudget.MAX_PER_SECOND) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--health-max-probes-per-second must be 1-" + ProbeBudget.MAX_PER_SECOND);
    }
    if (healthMaxInFlight < 1 || healthMaxInFlight > ProbeBudget.MAX_IN_FLIGHT) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--health-max-in-flight must be 1-" + ProbeBudget.MAX_IN_FLIGHT);
    }
    return new ProbeBudget(healthMaxProbesPerSecond, healthMaxInFlight);
  }

  /** On by default when listening beyond loopback; see {@link RrlChoice}. */
  private RrlChoice rrlChoice() {
    try {
      return RrlChoice.of(rrlRate, rrlSlip, listen.stream().map(InetSocketAddress::getAddress).toList());
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--rrl-rate/--rrl-slip: " + e.getMessage());
    }
  }

  private ServerOptions options() {
    int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    if (n < 1 || n > 256) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be 1-256");
    }
    if (tcpIdleSeconds < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--tcp-idle-timeout must be at least 1");
    }
    if (tcpMaxConnections < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--tcp-max-connections must be at least 1");
    }
    if (tcpMaxPerClient < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--tcp-max-per-client must be at least 1");
    }
    if (tcpMaxInFlight < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--tcp-max-in-flight must be at least 1");
    }
    if (udpReadPauseMicros < 0 || udpReadPauseMicros > ServerOptions.MAX_UDP_READ_PAUSE.toNanos() / 1000) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--udp-read-pause must be 0-1000");
    }
    return new ServerOptions(listen, n, Duration.ofSeconds(tcpIdleSeconds), tcpMaxConnections, tcpMaxPerClient,
        tcpMaxInFlight, ServerOptions.DEFAULT_TCP_BUSY_IDLE_TIMEOUT, Duration.ofNanos(udpReadPauseMicros * 1000L));
  }
}
