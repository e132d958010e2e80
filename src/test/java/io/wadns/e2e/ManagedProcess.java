package io.wadns.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A child process whose stdout and stderr go to one log file; stopped with a bounded wait. */
final class ManagedProcess implements AutoCloseable {
    /** This run's folder of server logs: failsafe's wadns.e2e.logs (target/e2e-logs), one folder per run. */
    private static final Path RUN_LOGS = Path.of(System.getProperty("wadns.e2e.logs", "target/e2e-logs"))
            .resolve(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(LocalDateTime.now()));
    private static final AtomicInteger logs = new AtomicInteger();

    private final String name;
    private final Process process;
    private final Path log;

    private ManagedProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static ManagedProcess start(String name, List<String> command, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
        return new ManagedProcess(name, builder.start(), log);
    }

    /**
     * A new file under the build folder for the output of a server the test starts, so it is still there after
     * the test's temporary folder is gone: {@code e2e-logs/RUN/NN-TestIT-label.log}, named after the calling
     * end-to-end test class.
     */
    static Path logFile(String label) throws IOException {
        String test = StackWalker.getInstance().walk(frames -> frames.map(StackWalker.StackFrame::getClassName)
                .filter(c -> c.endsWith("IT")).findFirst()).map(c -> c.substring(c.lastIndexOf('.') + 1) + "-")
                .orElse("");
        return Files.createDirectories(RUN_LOGS)
                .resolve(String.format("%02d-%s%s.log", logs.incrementAndGet(), test, label));
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Process process() {
        return process;
    }

    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<cannot read " + log + ": " + e + ">";
        }
    }

    /** Waits for the process to exit by itself; returns its exit code, or throws if it is still running. */
    int waitForExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            close();
            throw new AssertionError(name + " did not exit within " + timeout + "; output:\n" + output());
        }
        return process.exitValue();
    }

    String describe() {
        return name + " (pid " + process.pid() + ", log " + log + ")";
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
