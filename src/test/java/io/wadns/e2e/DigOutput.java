package io.wadns.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The header and sections of one answer as printed by dig (BIND 9 default output format). */
final class DigOutput {
    private static final Pattern STATUS = Pattern.compile(";; ->>HEADER<<- opcode: (\\S+), status: (\\S+), id: \\d+");
    private static final Pattern FLAGS = Pattern.compile(";; flags:([^;]*);");

    final String raw;
    final String status;
    final Set<String> flags = new TreeSet<>();
    final List<Rr> answer = new ArrayList<>();
    final List<Rr> authority = new ArrayList<>();
    final List<Rr> additional = new ArrayList<>();

    /** One resource record line: owner lower-cased, rdata as dig prints it. */
    record Rr(String owner, long ttl, String type, String rdata) {
        @Override
        public String toString() {
            return owner + " " + ttl + " " + type + " " + rdata;
        }
    }

    /** Runs {@code command} (a dig command line) with a 30 s bound, asserts it succeeded, and parses its output. */
    static DigOutput run(List<String> command) throws java.io.IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out;
        try (var in = p.getInputStream()) {
            if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("dig timed out: " + command);
            }
            out = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        org.assertj.core.api.Assertions.assertThat(p.exitValue()).as("dig exit status; output:\n%s", out).isZero();
        return new DigOutput(out);
    }

    DigOutput(String raw) {
        this.raw = raw;
        Matcher status = STATUS.matcher(raw);
        if (!status.find()) {
            throw new AssertionError("no header in dig output:\n" + raw);
        }
        this.status = status.group(2);
        Matcher flagMatcher = FLAGS.matcher(raw);
        if (flagMatcher.find()) {
            for (String f : flagMatcher.group(1).trim().split("\\s+")) {
                if (!f.isEmpty()) {
                    flags.add(f);
                }
            }
        }
        List<Rr> current = null;
        for (String line : raw.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith(";; ANSWER SECTION:")) {
                current = answer;
            } else if (trimmed.startsWith(";; AUTHORITY SECTION:")) {
                current = authority;
            } else if (trimmed.startsWith(";; ADDITIONAL SECTION:")) {
                current = additional;
            } else if (trimmed.isEmpty() || trimmed.startsWith(";")) {
                // A blank line or another comment ends the section (the question and OPT pseudo-section are
                // comment lines too).
                current = null;
            } else if (current != null) {
                String[] parts = trimmed.split("\\s+", 5);
                if (parts.length == 5) {
                    current.add(new Rr(parts[0].toLowerCase(Locale.ROOT), Long.parseLong(parts[1]),
                            parts[3], parts[4]));
                }
            }
        }
    }

    boolean aa() {
        return flags.contains("aa");
    }

    static Set<String> rdata(List<Rr> records, String type) {
        Set<String> out = new TreeSet<>();
        for (Rr r : records) {
            if (r.type().equals(type)) {
                out.add(r.rdata());
            }
        }
        return out;
    }

    static Set<String> asStrings(List<Rr> records) {
        Set<String> out = new TreeSet<>();
        records.forEach(r -> out.add(r.toString()));
        return out;
    }

    @Override
    public String toString() {
        return raw;
    }
}
