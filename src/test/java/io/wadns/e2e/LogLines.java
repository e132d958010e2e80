package io.wadns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Assertions on a process's log where the line may lag what the test waited for: a server logs a transfer
 * after it serves the new version, and the output is read by another thread, so "serves serial 2" can be
 * seen a moment before the line that says how serial 2 came.
 */
final class LogLines {
    private static final Duration LAG = Duration.ofSeconds(10);

    private LogLines() {}

    /** Waits (bounded by {@link #LAG}) until {@code output} holds every part, then asserts that it does. */
    static void awaitContains(Supplier<String> output, String... parts) throws InterruptedException {
        long deadline = System.nanoTime() + LAG.toNanos();
        while (!containsAll(output.get(), parts) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(output.get()).contains(parts);
    }

    private static boolean containsAll(String text, String[] parts) {
        for (String part : parts) {
            if (!text.contains(part)) {
                return false;
            }
        }
        return true;
    }
}
