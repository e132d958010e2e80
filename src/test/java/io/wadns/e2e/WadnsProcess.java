package io.wadns.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.xbill.DNS.Name;

/** The packaged wadns jar running {@code serve} on a free loopback port. */
final class WadnsProcess implements ServerUnderTest {
    private static final int START_ATTEMPTS = 3;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final ManagedProcess process;
    private final List<InetSocketAddress> addresses;
    private final InetSocketAddress http;

    private WadnsProcess(ManagedProcess process, List<InetSocketAddress> addresses, InetSocketAddress http) {
        this.process = process;
        this.addresses = List.copyOf(addresses);
        this.http = http;
    }

    /** The {@code --http} address, or null when started without one. */
    InetSocketAddress http() {
        return http;
    }

    /** The server's own process id (the JVM, no wrapper), to send it signals. */
    long pid() {
        return process.process().pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    List<InetSocketAddress> addresses() {
        return addresses;
    }

    /**
     * Starts {@code java -jar wadns.jar serve --zones DIR --listen 127.0.0.1:PORT} and waits until it logged
     * "listening on" and answers an authoritative SOA for every zone in {@code zones} over UDP and TCP. Its output
     * goes to a log under target/e2e-logs named after {@code workDir} ({@link ManagedProcess#logFile}).
     */
    static WadnsProcess start(Path jar, Path zonesDir, Collection<Name> zones, Path workDir)
            throws IOException, InterruptedException {
        return start(jar, zonesDir, zones, workDir, List.of(InetAddress.getByName("127.0.0.1")));
    }

    /**
     * Like {@link #start(Path, Path, Collection, Path)} with one {@code --listen} per host (a free port each);
     * waits for one "listening on" line per address and for every address to answer. {@link #address()} is the
     * first one, {@link #addresses()} all of them.
     */
    static WadnsProcess start(Path jar, Path zonesDir, Collection<Name> zones, Path workDir, List<InetAddress> hosts)
            throws IOException, InterruptedException {
        return start(jar, zonesDir, zones, workDir, hosts, false, List.of());
    }

    /**
     * Like {@link #start(Path, Path, Collection, Path, List)}; with {@code http}, also {@code --http} on a free
     * loopback port (see {@link #http()}), and {@code extraArgs} appended to the {@code serve} command line.
     */
    static WadnsProcess start(Path jar, Path zonesDir, Collection<Name> zones, Path workDir, List<InetAddress> hosts,
            boolean http, List<String> extraArgs) throws IOException, InterruptedException {
        return start(jar, zonesDir, zones, workDir, hosts, http, extraArgs, List.of());
    }

    /**
     * Like {@link #start(Path, Path, Collection, Path, List, boolean, List)}, with the java command line appended
     * to {@code launcher} (say {@code sh -c 'trap "" HUP; exec "$@"' sh}, which must exec java so that
     * {@link #pid()} stays the JVM's).
     */
    static WadnsProcess start(Path jar, Path zonesDir, Collection<Name> zones, Path workDir, List<InetAddress> hosts,
            boolean http, List<String> extraArgs, List<String> launcher) throws IOException, InterruptedException {
        String lastFailure = "";
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            List<String> command = new ArrayList<>(launcher);
            command.addAll(List.of(Tools.java().toString(), "-Xmx256m", "-jar", jar.toString(), "serve", "--zones",
                    zonesDir.toString()));
            List<InetSocketAddress> addresses = new ArrayList<>();
            for (InetAddress host : hosts) {
                int port = FreePorts.udpAndTcp(host);
                addresses.add(new InetSocketAddress(host, port));
                String literal = host.getHostAddress();
                command.add("--listen");
                command.add((host instanceof java.net.Inet6Address ? "[" + literal + "]" : literal) + ":" + port);
            }
            InetSocketAddress httpAddress = null;
            if (http) {
                InetAddress loopback = InetAddress.getByName("127.0.0.1");
                httpAddress = new InetSocketAddress(loopback, FreePorts.udpAndTcp(loopback));
                command.add("--http");
                command.add("127.0.0.1:" + httpAddress.getPort());
            }
            command.addAll(extraArgs);
            String work = workDir.getFileName().toString();
            Path log = ManagedProcess.logFile((work.equals("wadns") ? "" : "wadns-") + work + "-" + attempt);
            ManagedProcess process = ManagedProcess.start("wadns", command, log);
            String problem = awaitListening(process, addresses.size(), READY_TIMEOUT);
            for (InetSocketAddress address : addresses) {
                if (problem == null) {
                    problem = Readiness.awaitSoa(address, zones, READY_TIMEOUT, process::isAlive);
                }
            }
            if (problem == null && httpAddress != null) {
                problem = Readiness.awaitHttp(httpAddress, READY_TIMEOUT, process::isAlive);
            }
            if (problem == null) {
                problem = awaitStarted(process, READY_TIMEOUT);
            }
            if (problem == null) {
                return new WadnsProcess(process, addresses, httpAddress);
            }
            process.close();
            lastFailure = "attempt " + attempt + " on " + addresses + ": " + problem + "\ncommand: "
                    + String.join(" ", command) + "\noutput:\n" + process.output();
        }
        throw new AssertionError("wadns did not become ready:\n" + lastFailure);
    }

    private static String awaitListening(ManagedProcess process, int count, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            // DnsServer's line for each address (not the rate limiter's "listening on loopback only")
            if (process.output().lines().filter(l -> l.contains("DnsServer: listening on")).count() >= count) {
                return null;
            }
            if (!process.isAlive()) {
                return "process exited with " + process.process().exitValue() + " before logging 'listening on'";
            }
            Thread.sleep(100);
        }
        return "fewer than " + count + " 'listening on' lines within " + timeout;
    }

    /** The server answers before its start ends (metrics, the pid file): the line that ends it is waited for. */
    private static final java.util.regex.Pattern STARTED =
            java.util.regex.Pattern.compile("wadns: wadns [^\\n]*? serving ");

    private static String awaitStarted(ManagedProcess process, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (STARTED.matcher(process.output()).find()) {
                return null;
            }
            if (!process.isAlive()) {
                return "process exited with " + process.process().exitValue() + " before its 'serving' line";
            }
            Thread.sleep(50);
        }
        return "no 'serving' line within " + timeout;
    }

    @Override
    public InetSocketAddress address() {
        return addresses.get(0);
    }

    @Override
    public String name() {
        return "wadns";
    }

    @Override
    public String output() {
        return process.output();
    }

    /**
     * Waits until the output so far meets {@code condition}, polling every 50 ms for at most {@code timeout};
     * true when it did. Callers assert on the output afterwards, so a failure shows what was there.
     */
    public boolean awaitOutput(java.util.function.Predicate<String> condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.test(output())) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    @Override
    public void close() {
        process.close();
    }
}
