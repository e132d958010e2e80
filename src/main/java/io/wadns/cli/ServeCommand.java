package io.wadns.cli;

import io.wadns.health.HealthMonitor;
import io.wadns.health.HealthRegistry;
import io.wadns.protocol.Responder;
import io.wadns.resolve.Resolver;
import io.wadns.server.DnsServer;
import io.wadns.server.HttpEndpoint;
import io.wadns.server.MetricsPage;
import io.wadns.metrics.MetricsRegistry;
import io.wadns.metrics.QueryMetrics;
import io.wadns.metrics.ReloadMetrics;
import io.wadns.metrics.StateMetrics;
import io.wadns.protocol.ResponseRateLimiter;
import io.wadns.server.ServerOptions;
import io.wadns.weighted.Randomness;
import io.wadns.zone.Zone;
import io.wadns.zone.ZoneLoader;
import io.wadns.zone.ZoneProblem;
import io.wadns.zone.ZoneReloader;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code wadns serve}: loads the zones, refuses to start on any problem, then answers queries and
 * reloads the zones on SIGHUP, {@code POST /reload} and, with {@code --watch}, on changes.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Serve every *.zone file of the zones folder on UDP and TCP; reload them on SIGHUP.")
final class ServeCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger("wadns");
  private static final Duration WATCH_QUIET = Duration.ofMillis(500);

  @Option(names = "--zones", paramLabel = "DIR", defaultValue = "zones",
      description = "Folder of *.zone files (default: ${DEFAULT-VALUE}).")
  Path zones;

  @Option(names = "--listen", paramLabel = "HOST:PORT", converter = ListenAddress.class,
      defaultValue = "127.0.0.1:5300",
      description = "Address to serve on UDP and TCP; repeat for several; IPv6 as [::1]:5300"
          + " (default: ${DEFAULT-VALUE}).")
  List<InetSocketAddress> listen;

  @Option(names = "--threads", paramLabel = "N",
      description = "Network threads (default: the number of CPUs).")
  Integer threads;

  @Option(names = "--tcp-idle-timeout", paramLabel = "SECONDS", defaultValue = "10",
      description = "Close a TCP connection idle this long (default: ${DEFAULT-VALUE}).")
  int tcpIdleSeconds;

  @Option(names = "--tcp-max-connections", paramLabel = "N", defaultValue = "1024",
      description = "Concurrent TCP connections at most (default: ${DEFAULT-VALUE}).")
  int tcpMaxConnections;

  @Option(names = "--tcp-max-per-client", paramLabel = "N", defaultValue = "64",
      description = "Concurrent TCP connections from one client (an IPv4 address, an IPv6 /64) at most"
          + " (default: ${DEFAULT-VALUE}).")
  int tcpMaxPerClient;

  @Option(names = "--tcp-max-in-flight", paramLabel = "N", defaultValue = "16",
      description = "Replies waiting to be sent on one TCP connection at most; past it the connection's"
          + " queries are not read until the client reads (default: ${DEFAULT-VALUE}).")
  int tcpMaxInFlight;

  @Option(names = "--rrl-rate", paramLabel = "N",
      description = "Response rate limiting: at most N identical UDP replies per second to one client network"
          + " (/24, /56); off by default.")
  Integer rrlRate;

  @Option(names = "--rrl-slip", paramLabel = "N", defaultValue = "2",
      description = "With --rrl-rate, send every Nth limited reply as an empty truncated reply so real clients"
          + " retry over TCP; 0 never, 1 always (default: ${DEFAULT-VALUE}).")
  int rrlSlip;

  @Option(names = "--query-log",
      description = "Log one line per query (client, name, type, rcode, alias target); off by default.")
  boolean queryLog;

  @Option(names = "--http", paramLabel = "HOST:PORT", converter = ListenAddress.class,
      description = "Serve GET /health (health-checked addresses), GET /metrics (Prometheus) and POST /reload"
          + " on this address; off by default.")
  InetSocketAddress http;

  @Option(names = "--watch",
      description = "Reload by itself when a zone file changes (after 500 ms of quiet); off by default.")
  boolean watch;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    ServerOptions options = options();
    HealthRegistry health = new HealthRegistry(Clock.systemUTC());
    ZoneReloader reloader = new ZoneReloader(zones, health);
    ZoneLoader.Result loaded = reloader.loadInitial();
    if (!loaded.ok()) {
      PrintWriter err = spec.commandLine().getErr();
      for (ZoneProblem p : loaded.problems()) {
        err.println(p);
      }
      err.println("wadns: not serving: " + loaded.problems().size() + " problem"
          + (loaded.problems().size() == 1 ? "" : "s") + " in " + zones);
      err.flush();
      return 1;
    }
    for (Zone z : loaded.zones().zones()) {
      log.info("loaded zone {} serial {} ({} records) from {}", z.origin(), z.serial(), z.recordCount(),
          z.file());
    }
    MetricsRegistry metrics = new MetricsRegistry();
    StateMetrics.register(metrics.prometheus(), reloader::current, health);
    ReloadMetrics.register(metrics.prometheus(), reloader.stats());
    Responder responder = new Responder(new Resolver(reloader::current, health::view, Randomness.threadLocal()),
        new QueryMetrics(metrics.prometheus(), queryLog));
    ResponseRateLimiter rateLimiter = rrlRate == null ? null
        : new ResponseRateLimiter(ResponseRateLimiter.Settings.ofRate(rrlRate).withSlip(rrlSlip), System::nanoTime);
    CountDownLatch stop = new CountDownLatch(1);
    ShutdownSignals.onStop(stop::countDown);
    try (HealthMonitor monitor = new HealthMonitor();
        DnsServer server = new DnsServer(responder, options, rateLimiter);
        ReloadQueue reloads = new ReloadQueue(reloader::reload)) {
      health.onChange(monitor::watch);
      ReloadSignals.onHangup(() -> reloads.request("SIGHUP"));
      HttpEndpoint endpoint = null;
      ZoneWatcher watcher = null;
      try {
        server.start();
        endpoint = http == null ? null : HttpEndpoint.start(http, health, () -> reloads.request("POST /reload"),
            new MetricsPage(metrics.contentType(), metrics::scrape));
        watcher = watch ? ZoneWatcher.start(zones, reloader::sourceFiles,
            () -> reloads.request("zone files changed"), WATCH_QUIET) : null;
      } catch (RuntimeException | IOException e) {
        spec.commandLine().getErr().println("wadns: cannot " + (e instanceof IOException ? "watch " + zones
            : "listen") + ": " + e.getMessage());
        spec.commandLine().getErr().flush();
        close(endpoint, watcher);
        return 1;
      }
      stop.await();
      log.info("stopping");
      close(endpoint, watcher);
    }
    log.info("stopped");
    return 0;
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
    if (rrlRate != null) {
      try {
        ResponseRateLimiter.Settings.ofRate(rrlRate).withSlip(rrlSlip);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--rrl-rate/--rrl-slip: " + e.getMessage());
      }
    }
    return new ServerOptions(listen, n, Duration.ofSeconds(tcpIdleSeconds), tcpMaxConnections, tcpMaxPerClient,
        tcpMaxInFlight);
  }
}
