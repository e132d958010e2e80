#!/usr/bin/env python3
"""The fleet, measured: one wadns primary and N wadns secondaries on loopback.

    python3 src/bench/fleet.py [--secondaries 8] [--records 100000] [--changes 5] [--jar target/wadns.jar]

The primary serves a generated zone of about --records records (the realistic mix of benchlib.py, with
weighted names), offers it to 127.0.0.0/8 and sends NOTIFY to every secondary. Each secondary follows it
(secondary.zones in its configuration file). The script then:

  1. makes --warmup changes (default 1) that are timed and reported on their own, since the first change
     after a start runs the reload, difference and patch code in every JVM before the JIT has compiled it;
     then changes one weight on the primary (a target's weight 1 <-> 0, and the SOA serial + 1), renames the new
     file over the old one and reloads the primary (POST /reload); it measures, per secondary, the time from
     the reload request to the first answer with the new serial, and checks on one secondary that the
     weighted name's answers follow the new weights; repeated --changes times;
  2. reads the primary's /metrics for the transfers served: how many, of which kind, and their bytes;
  3. stops one secondary, makes three changes while it is down, starts it again, and measures the time
     from its start to serving the latest serial, and what that transfer moved.

It prints a markdown report (and writes it to target/bench/fleet-<date>.md). Timings include every JVM
sharing the machine's CPUs: on a 2-CPU machine, N secondaries rebuild the zone at once on 2 cores.
"""
import argparse
import datetime
import json
import os
import random
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

ORIGIN = "fleet.example."


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u, socket.socket() as t:
        u.bind(("127.0.0.1", 0))
        port = u.getsockname()[1]
        try:
            t.bind(("127.0.0.1", port))
        except OSError:
            return free_port()
        return port


def query(port, name, qtype, timeout=0.5):
    """One UDP query; the raw reply, or None."""
    qid = random.randrange(65536)
    q = struct.pack(">HHHHHH", qid, 0, 1, 0, 0, 0)
    for label in name.rstrip(".").split("."):
        q += bytes([len(label)]) + label.encode()
    q += b"\0" + struct.pack(">HH", qtype, 1)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(timeout)
        try:
            s.sendto(q, ("127.0.0.1", port))
            data, _ = s.recvfrom(4096)
        except OSError:
            return None
    return data if data[:2] == q[:2] else None


def skip_name(data, off):
    while True:
        n = data[off]
        if n == 0:
            return off + 1
        if n & 0xC0 == 0xC0:
            return off + 2
        off += n + 1


def answers(data):
    """(type, rdata offset, rdata length) of each answer record."""
    if data is None or len(data) < 12:
        return []
    qd, an = struct.unpack(">HH", data[4:8])
    off = 12
    for _ in range(qd):
        off = skip_name(data, off) + 4
    out = []
    for _ in range(an):
        off = skip_name(data, off)
        rtype, _, _, rdlen = struct.unpack(">HHIH", data[off:off + 10])
        out.append((rtype, off + 10, rdlen))
        off += 10 + rdlen
    return out


def serial(port):
    """The SOA serial a server answers for the zone, or None."""
    data = query(port, ORIGIN, 6)
    for rtype, off, _ in answers(data):
        if rtype == 6:
            off = skip_name(data, off)
            off = skip_name(data, off)
            return struct.unpack(">I", data[off:off + 4])[0]
    return None


def addresses(port, name):
    data = query(port, name, 1)
    return {socket.inet_ntoa(data[off:off + 4]) for rtype, off, rdlen in answers(data) if rtype == 1 and rdlen == 4}


def metrics(http):
    with urllib.request.urlopen("http://127.0.0.1:%d/metrics" % http, timeout=5) as r:
        text = r.read().decode()
    out = {}
    for line in text.splitlines():
        m = re.match(r'(wadns_transfer(?:s_total|_bytes_total))\{([^}]*)\} ([0-9.e+]+)', line)
        if m:
            labels = dict(re.findall(r'(\w+)="([^"]*)"', m.group(2)))
            out[(m.group(1), labels.get("type"))] = out.get((m.group(1), labels.get("type")), 0) + float(m.group(3))
    return out


def reload(http):
    req = urllib.request.Request("http://127.0.0.1:%d/reload" % http, method="POST", data=b"")
    with urllib.request.urlopen(req, timeout=60) as r:
        r.read()


class Fleet:
    def __init__(self, args, work):
        self.args, self.work = args, work
        self.procs = {}
        self.primary_port, self.primary_http = free_port(), free_port()
        self.ports = [free_port() for _ in range(args.secondaries)]
        self.zone_dir = os.path.join(work, "primary", "zones")
        os.makedirs(self.zone_dir)
        benchlib.mixed_zone(ORIGIN, args.records, os.path.join(work, "gen"))
        with open(os.path.join(work, "gen", "wadns.zone")) as f:
            self.lines = f.read().split("\n")
        # The weighted name to change: the first with two targets; its first target's weight toggles 1 <-> 0.
        for i, line in enumerate(self.lines):
            m = re.match(r"(\S+) ALIAS 1 (\S+)$", line)
            if m and i + 1 < len(self.lines) and self.lines[i + 1].startswith(m.group(1) + " ALIAS "):
                self.alias_line, self.alias_owner, self.alias_target = i, m.group(1), m.group(2)
                break
        self.target_addresses = {l.split()[-1] for l in self.lines if l.startswith(self.alias_target + " ")
                                 and " A " in l}
        self.serial, self.weight = 1, 1
        self.write_zone()

    def write_zone(self):
        lines = list(self.lines)
        lines[2] = "@ IN SOA ns1 hostmaster %d 7200 900 1209600 300" % self.serial
        lines[self.alias_line] = "%s ALIAS %d %s" % (self.alias_owner, self.weight, self.alias_target)
        tmp = os.path.join(self.zone_dir, ".fleet.tmp")
        with open(tmp, "w") as f:
            f.write("\n".join(lines))
        os.replace(tmp, os.path.join(self.zone_dir, ORIGIN + "zone"))

    def start_primary(self):
        conf = os.path.join(self.work, "primary", "wadns.yaml")
        notify = ", ".join('"127.0.0.1:%d"' % p for p in self.ports)
        with open(conf, "w") as f:
            f.write("listen: [127.0.0.1:%d]\nhttp: 127.0.0.1:%d\nzones: %s\ntransfer:\n  allow: [127.0.0.0/8]\n"
                    "  notify: [%s]\n" % (self.primary_port, self.primary_http, self.zone_dir, notify))
        self.procs["primary"] = self.java(["serve", "--config", conf], "primary")
        self.wait_serial(self.primary_port, self.serial, 120)

    def start_secondary(self, i):
        home = os.path.join(self.work, "secondary%d" % i)
        os.makedirs(os.path.join(home, "zones"), exist_ok=True)
        conf = os.path.join(home, "wadns.yaml")
        with open(conf, "w") as f:
            f.write("listen: [127.0.0.1:%d]\nzones: zones\nsecondary:\n  store: store\n  zones:\n"
                    "    - {name: %s, primaries: [\"127.0.0.1:%d\"]}\n" % (self.ports[i], ORIGIN, self.primary_port))
        self.procs[i] = self.java(["serve", "--config", conf], "secondary%d" % i)

    def java(self, args, name):
        log = open(os.path.join(self.work, name + ".log"), "a")
        return subprocess.Popen(["java", "-Xmx512m", "-jar", self.args.jar] + args, stdout=log, stderr=log,
                                start_new_session=True)

    def stop(self, key):
        p = self.procs.pop(key)
        p.send_signal(signal.SIGTERM)
        try:
            p.wait(30)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()

    def close(self):
        for key in list(self.procs):
            self.stop(key)

    def cpu_seconds(self):
        """User and system CPU seconds each running JVM has used so far, by key."""
        tick = os.sysconf("SC_CLK_TCK")
        out = {}
        for key, p in self.procs.items():
            try:
                with open("/proc/%d/stat" % p.pid) as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                out[key] = (int(fields[11]) + int(fields[12])) / tick
            except OSError:
                out[key] = 0.0
        return out

    def settle(self, limit):
        """Waits until the JVMs together use under a tenth of a CPU (start-up compilation and collection
        done), at most `limit` seconds; returns the seconds waited."""
        t0 = time.monotonic()
        while time.monotonic() - t0 < limit:
            a = self.cpu_seconds()
            time.sleep(0.5)
            b = self.cpu_seconds()
            if sum(b[k] - a.get(k, 0) for k in b) < 0.05:
                break
        return time.monotonic() - t0

    @staticmethod
    def wait_serial(port, want, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if serial(port) == want:
                return time.monotonic()
            time.sleep(0.005)
        raise RuntimeError("port %d did not serve serial %d within %d s" % (port, want, timeout))

    def change(self):
        """One weight change on the primary; the seconds until each given secondary serves it."""
        self.serial += 1
        self.weight = 1 - self.weight
        self.write_zone()
        t0 = time.monotonic()
        reload(self.primary_http)
        return t0

    def converge(self, t0, which, timeout=120):
        return [self.wait_serial(self.ports[i], self.serial, timeout) - t0 for i in which]

    def split_ok(self, i):
        """With weight 0 the first target's addresses never come; with weight 1 they come at times."""
        seen = set()
        for _ in range(200):
            seen |= addresses(self.ports[i], "%s.%s" % (self.alias_owner, ORIGIN))
        hit = bool(seen & self.target_addresses)
        return hit == (self.weight == 1)


def percentile(vals, p):
    s = sorted(vals)
    return s[min(len(s) - 1, int(round(p / 100.0 * (len(s) - 1))))]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--secondaries", type=int, default=8)
    ap.add_argument("--records", type=int, default=100000)
    ap.add_argument("--changes", type=int, default=5)
    ap.add_argument("--jar", default="target/wadns.jar")
    ap.add_argument("--warmup", type=int, default=1,
                    help="changes made first and reported on their own row, not in the percentiles (JIT warm-up)")
    ap.add_argument("--out", default=None)
    ap.add_argument("--settle", type=float, default=30,
                    help="before each change, wait at most this many seconds for the JVMs to be idle (0: do not)")
    ap.add_argument("--keep", action="store_true", help="keep the work folder (configs, logs, zones)")
    args = ap.parse_args()
    args.jar = os.path.abspath(args.jar)
    work = tempfile.mkdtemp(prefix="wadns-fleet-")
    fleet = Fleet(args, work)
    report = []
    try:
        fleet.start_primary()
        t = time.monotonic()
        for i in range(args.secondaries):
            fleet.start_secondary(i)
        first = [fleet.wait_serial(p, fleet.serial, 300) - t for p in fleet.ports]
        before = metrics(fleet.primary_http)
        everyone = range(args.secondaries)
        warm = []
        for _ in range(args.warmup):
            fleet.settle(args.settle)
            warm.append(max(fleet.converge(fleet.change(), everyone)))
        times, splits, settled, secondary_cpu, primary_cpu = [], [], [], [], []
        for _ in range(args.changes):
            settled.append(fleet.settle(args.settle))
            cpu_before = fleet.cpu_seconds()
            t0 = fleet.change()
            times.append(fleet.converge(t0, everyone))
            cpu_after = fleet.cpu_seconds()
            primary_cpu.append(cpu_after["primary"] - cpu_before["primary"])
            secondary_cpu.extend(cpu_after[i] - cpu_before[i] for i in everyone)
            splits.append(fleet.split_ok(0))
        after = metrics(fleet.primary_http)
        # One secondary misses three changes, then comes back.
        late = args.secondaries - 1
        fleet.stop(late)
        others = range(late)
        for _ in range(3):
            fleet.converge(fleet.change(), others)
        mid = metrics(fleet.primary_http)
        t_start = time.monotonic()
        fleet.start_secondary(late)
        back = fleet.wait_serial(fleet.ports[late], fleet.serial, 300) - t_start
        end = metrics(fleet.primary_http)
    finally:
        fleet.close()

    def delta(a, b, kind, what):
        return b.get((what, kind), 0) - a.get((what, kind), 0)

    allt = [x for run in times for x in run]
    worst = [max(run) for run in times]
    ixfr_n = delta(before, after, "ixfr", "wadns_transfers_total")
    ixfr_b = delta(before, after, "ixfr", "wadns_transfer_bytes_total")
    axfr_n = delta(before, after, "axfr", "wadns_transfers_total")
    late_kinds = {k: (delta(mid, end, k, "wadns_transfers_total"), delta(mid, end, k, "wadns_transfer_bytes_total"))
                  for k in ("ixfr", "axfr")}
    zone_bytes = os.path.getsize(os.path.join(fleet.zone_dir, ORIGIN + "zone"))
    now = datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC")
    report.append("# Fleet: one primary, %d secondaries (%s)\n" % (args.secondaries, now))
    report.append("Zone: %d records (%d bytes of zone file), weighted names included; `uptime`: %s\n"
                  % (args.records, zone_bytes, subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()))
    report.append("| measure | value |\n|---|---|")
    report.append("| first AXFR, every secondary serving (from their start) | %.2f s (slowest), %.2f s (fastest) |"
                  % (max(first), min(first)))
    if warm:
        report.append("| warm-up: the first %d change(s) after start, every JVM cold, slowest secondary | %s s |"
                      % (len(warm), ", ".join("%.3f" % w for w in warm)))
    report.append("| weight change to every secondary serving it, %d changes after the warm-up: p50 / p100 | %.3f s / %.3f s |"
                  % (args.changes, percentile(allt, 50), max(allt)))
    report.append("| the same, slowest secondary per change, in order | %s s |" % ", ".join("%.3f" % w for w in worst))
    if len(times) > 1:
        rest = [x for run in times[1:] for x in run]
        report.append("| the same without the first measured change: p50 / p100 | %.3f s / %.3f s |"
                      % (percentile(rest, 50), max(rest)))
    if len(times) >= 20:
        late = [x for run in times[len(times) // 2:] for x in run]
        report.append("| the same, second half of the changes (JIT warm): p50 / p100 | %.3f s / %.3f s |"
                      % (percentile(late, 50), max(late)))
    report.append("| waited before each change for the fleet to be idle (--settle %g) | %s s |"
                  % (args.settle, ", ".join("%.1f" % w for w in settled)))
    report.append("| CPU per change: primary (reload, difference, NOTIFY) p50 / max | %.0f / %.0f ms |"
                  % (1000 * percentile(primary_cpu, 50), 1000 * max(primary_cpu)))
    report.append("| CPU per change: each secondary (IXFR, patch, publish) p50 / max | %.0f / %.0f ms |"
                  % (1000 * percentile(secondary_cpu, 50), 1000 * max(secondary_cpu)))
    report.append("| the new split served (checked on one secondary after each change) | %d of %d |"
                  % (sum(splits), len(splits)))
    report.append("| transfers served for the changes | %d IXFR, %d AXFR |" % (ixfr_n, axfr_n))
    report.append("| bytes per IXFR | %.0f |" % (ixfr_b / ixfr_n if ixfr_n else float("nan")))
    report.append("| secondary down for 3 changes: start to serving the latest serial | %.2f s |" % back)
    report.append("| its transfer | %d IXFR (%d bytes), %d AXFR (%d bytes) |"
                  % (late_kinds["ixfr"][0], late_kinds["ixfr"][1], late_kinds["axfr"][0], late_kinds["axfr"][1]))
    text = "\n".join(report) + "\n"
    print(text)
    out = args.out or os.path.join("target", "bench", "fleet-%s.md" % datetime.date.today().isoformat())
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as f:
        f.write(text)
    if args.keep:
        print("work folder:", work)
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
