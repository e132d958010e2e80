#!/usr/bin/env python3
"""Helpers for src/bench/compare.sh (standard library only).

Subcommands:
  freeport                          print a port free on 127.0.0.1 for both UDP and TCP
  anchor-zone MODE SEED OUT         rewrite the seed zone for servers without ALIAS:
                                    MODE static: every ALIAS owner gets the A records of its first
                                    target (Knot, NSD); MODE gdnsd: an owner with several ALIAS
                                    records becomes `OWNER 300 DYNA weighted!OWNERgroups`
  big-zone ORIGIN N OUT             write an N-record zone (60% A, 20% AAAA, 10% TXT, 10% MX)
  cpu PID                           CPU seconds (utime+stime) of PID and all its descendants
  mem PID                           "rss_kb pss_kb": VmRSS of the largest process of the tree
                                    rooted at PID, and the PSS summed over that tree
  probe PORT NAME TYPE TIMEOUT      send a query every 10 ms until an answer with records comes;
                                    print the wall clock time (epoch seconds) of that answer
  dnsperf FILE                      parse a dnsperf output (optionally -v) into key=value lines
  report RESULTS META               print the markdown tables from the raw results
"""
import os
import random
import re
import select
import socket
import statistics
import struct
import sys
import time


# ----------------------------------------------------------------------------- ports

def freeport():
    for _ in range(200):
        port = random.randint(20000, 60000)
        try:
            u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            u.bind(("127.0.0.1", port))
            t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            t.bind(("127.0.0.1", port))
            u.close()
            t.close()
            print(port)
            return 0
        except OSError:
            continue
    print("no free port found", file=sys.stderr)
    return 1


# ----------------------------------------------------------------------------- zones

TYPES = {"A", "AAAA", "NS", "MX", "TXT", "CNAME", "SRV", "SOA", "PTR", "CAA", "ALIAS", "DNAME", "DS"}


def _records(lines):
    """Yield (index, owner, ttl, type, rdata tokens) for one-line records; None for other lines."""
    owner = None
    depth = 0
    for i, raw in enumerate(lines):
        line = raw.split(";", 1)[0] if '"' not in raw else raw
        if depth > 0:
            depth += line.count("(") - line.count(")")
            yield i, None
            continue
        if not line.strip() or line.lstrip().startswith("$"):
            yield i, None
            continue
        toks = line.split()
        if not raw[0].isspace():
            owner = toks.pop(0)
        ttl = None
        rest = toks
        while rest and rest[0].upper() not in TYPES:
            if rest[0].isdigit():
                ttl = rest[0]
            rest = rest[1:]
        if not rest:
            yield i, None
            continue
        depth = line.count("(") - line.count(")")
        yield i, (owner, ttl, rest[0].upper(), rest[1:])


def anchor_zone(mode, seed, out):
    with open(seed) as f:
        lines = f.read().splitlines()
    parsed = list(_records(lines))
    addrs = {}      # owner -> [(ttl, address)]
    aliases = {}    # owner -> [target]
    for _, rec in parsed:
        if rec is None:
            continue
        owner, ttl, rtype, rdata = rec
        if rtype == "A":
            addrs.setdefault(owner, []).append((ttl, rdata[0]))
        elif rtype == "ALIAS":
            aliases.setdefault(owner, []).append(rdata[1])
    result = []
    done = set()
    for i, rec in parsed:
        if rec is None or rec[2] != "ALIAS":
            result.append(lines[i])
            continue
        owner = rec[0]
        if owner in done:
            continue
        done.add(owner)
        targets = aliases[owner]
        if mode == "gdnsd" and len(targets) > 1:
            result.append("%s 300 DYNA weighted!%sgroups" % (owner, owner.replace("-", "_")))
            continue
        first = targets[0]
        if first not in addrs:
            sys.exit("anchor-zone: ALIAS target %s of %s has no A records in %s" % (first, owner, seed))
        for ttl, a in addrs[first]:
            result.append("%-15s %s IN A %s" % (owner, ttl or "", a))
    with open(out, "w") as f:
        f.write("\n".join(result) + "\n")
    return 0


def big_zone(origin, n, out):
    origin = origin.rstrip(".") + "."
    n = int(n)
    with open(out, "w", buffering=1 << 20) as f:
        f.write("$ORIGIN %s\n$TTL 3600\n" % origin)
        f.write("@ IN SOA ns1 hostmaster 1 7200 900 1209600 300\n@ IN NS ns1\nns1 IN A 192.0.2.53\n")
        w = f.write
        # i % 10: 0-5 A (60%), 6-7 AAAA (20%), 8 TXT (10%), 9 MX (10%); names h0 .. h(n-1)
        for i in range(n - 3):
            k = i % 10
            if k < 6:
                w("h%d IN A 10.%d.%d.%d\n" % (i, (i >> 16) & 255, (i >> 8) & 255, i & 255))
            elif k < 8:
                w("h%d IN AAAA 2001:db8::%x:%x\n" % (i, i >> 16, i & 0xffff))
            elif k == 8:
                w('h%d IN TXT "record %d"\n' % (i, i))
            else:
                w("h%d IN MX 10 h%d\n" % (i, i - 9))
    return 0


# ----------------------------------------------------------------------------- /proc

def _tree(pid):
    pid = int(pid)
    children = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % d) as f:
                s = f.read()
        except OSError:
            continue
        ppid = int(s[s.rindex(")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(d))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def cpu(pid):
    hz = os.sysconf("SC_CLK_TCK")
    ticks = 0
    for p in _tree(pid):
        try:
            with open("/proc/%d/stat" % p) as f:
                s = f.read()
        except OSError:
            continue
        fields = s[s.rindex(")") + 2:].split()
        ticks += int(fields[11]) + int(fields[12])   # utime, stime (fields 14 and 15 of stat)
    print("%.4f" % (ticks / hz))
    return 0


def mem(pid):
    rss, pss = 0, 0
    for p in _tree(pid):
        try:
            with open("/proc/%d/status" % p) as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        rss = max(rss, int(line.split()[1]))
            with open("/proc/%d/smaps_rollup" % p) as f:
                for line in f:
                    if line.startswith("Pss:"):
                        pss += int(line.split()[1])
        except OSError:
            continue
    print(rss, pss)
    return 0


# ----------------------------------------------------------------------------- probe

def _query(qid, name, qtype):
    code = {"A": 1, "NS": 2, "CNAME": 5, "SOA": 6, "MX": 15, "TXT": 16, "AAAA": 28, "SRV": 33}[qtype]
    q = struct.pack(">HHHHHH", qid, 0, 1, 0, 0, 0)
    for label in name.rstrip(".").split("."):
        q += bytes([len(label)]) + label.encode()
    return q + b"\0" + struct.pack(">HH", code, 1)


def probe(port, name, qtype, timeout):
    deadline = time.time() + float(timeout)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    qid = 0
    sent = set()    # a slow first answer (cold JVM) may come after the next query has gone out
    while time.time() < deadline:
        qid = (qid + 1) & 0xffff
        sent.add(qid)
        try:
            s.sendto(_query(qid, name, qtype), ("127.0.0.1", int(port)))
        except OSError:
            pass
        end = time.time() + 0.01
        while True:
            left = end - time.time()
            if left <= 0:
                break
            r, _, _ = select.select([s], [], [], left)
            if not r:
                break
            try:
                data = s.recv(65535)
            except OSError:          # ICMP port unreachable while nothing listens yet
                break
            if len(data) >= 12:
                rid, flags, _, an = struct.unpack(">HHHH", data[:8])
                if rid in sent and flags & 0x8000 and flags & 0xF == 0 and an > 0:
                    print("%.4f" % time.time())
                    return 0
    print("probe: no answer for %s %s on port %s within %s s" % (name, qtype, port, timeout),
          file=sys.stderr)
    return 1


# ----------------------------------------------------------------------------- dnsperf

def dnsperf(path):
    stats = {}
    lat = []
    pat = {
        "sent": r"Queries sent:\s+(\d+)",
        "completed": r"Queries completed:\s+(\d+)",
        "lost": r"Queries lost:\s+(\d+)",
        "qps": r"Queries per second:\s+([\d.]+)",
        "avg_s": r"Average Latency \(s\):\s+([\d.]+)",
        "runtime": r"Run time \(s\):\s+([\d.]+)",
    }
    with open(path, errors="replace") as f:
        text = []
        for line in f:
            if line.startswith("> "):
                parts = line.split()
                try:
                    lat.append(float(parts[-1]))
                except ValueError:
                    pass
            else:
                text.append(line)
    text = "".join(text)
    for k, p in pat.items():
        m = re.search(p, text)
        stats[k] = m.group(1) if m else "nan"
    m = re.search(r"Response codes:\s+(.*)", text)
    stats["rcodes"] = m.group(1).replace(" ", "") if m else ""
    if lat:
        lat.sort()
        stats["p99_s"] = "%.6f" % lat[min(len(lat) - 1, int(len(lat) * 0.99))]
        stats["p50_s"] = "%.6f" % lat[len(lat) // 2]
    else:
        stats["p99_s"] = stats["p50_s"] = "nan"
    for k, v in stats.items():
        print("%s=%s" % (k, v))
    return 0


# ----------------------------------------------------------------------------- report

NAMES = {"wadns": "wadns", "knot": "Knot", "nsd": "NSD", "gdnsd": "gdnsd"}
WHAT = {"wadns": "weighted ALIAS (seed zone)", "knot": "static 4 A", "nsd": "static 4 A",
        "gdnsd": "weighted grouped-single"}


def _median(vals):
    vals = [v for v in vals if v == v]
    return statistics.median(vals) if vals else float("nan")


def _fmt(v, digits):
    if v != v:
        return "-"
    return ("%%.%df" % digits) % v


def _ratio(a, b):
    if a != a or b != b or b == 0:
        return "-"
    return "%.2fx" % (a / b)


def report(results, meta):
    data = {}   # (server, workload, transport, metric) -> [values]
    order = []
    with open(results) as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 6:
                continue
            server, workload, transport, metric, _run, value = parts
            try:
                v = float(value)
            except ValueError:
                v = float("nan")
            key = (server, workload, transport)
            if key not in order:
                order.append(key)
            data.setdefault(key + (metric,), []).append(v)

    def med(key, metric):
        return _median(data.get(key + (metric,), []))

    def runs(key, metric):
        return len(data.get(key + (metric,), []))

    with open(meta) as f:
        sys.stdout.write(f.read())
    groups = []
    for s, w, t in order:
        if s == "zoneload":
            continue
        if (w, t) not in groups:
            groups.append((w, t))
    cols = [("qps", "saturated qps", 0), ("lost_pct", "lost %", 2),
            ("cpu_us", "server CPU µs/query @50k", 2), ("avg_ms", "avg ms @50k", 3),
            ("p99_ms", "p99 ms @50k", 3), ("fixed_qps", "answered qps @50k", 0),
            ("fixed_lost_pct", "lost % @50k", 2)]
    for w, t in groups:
        print()
        print("### Workload `%s`, %s" % (w, t.upper()))
        print()
        print("| server | answers | " + " | ".join(c[1] for c in cols) + " | runs |")
        print("|---|---|" + "---|" * len(cols) + "---|")
        present = [s for s in ("wadns", "knot", "gdnsd", "nsd") if (s, w, t) in order]
        for s in present:
            key = (s, w, t)
            cells = [_fmt(med(key, c[0]), c[2]) for c in cols]
            print("| %s | %s | %s | %d |" % (NAMES[s], WHAT[s], " | ".join(cells), runs(key, "qps")))
        for anchor in ("knot", "gdnsd"):
            if "wadns" in present and anchor in present:
                a, b = ("wadns", w, t), (anchor, w, t)
                cells = [_ratio(med(a, c[0]), med(b, c[0])) if c[0] not in ("lost_pct", "fixed_lost_pct")
                         else "" for c in cols]
                print("| **wadns / %s** | | %s | |" % (NAMES[anchor], " | ".join(cells)))

    zl = [k for k in order if k[0] == "zoneload"]
    if zl:
        print()
        print("### Zone load: %s records (60%% A, 20%% AAAA, 10%% TXT, 10%% MX)" %
              (zl[0][2] if zl else "?"))
        print()
        print("| server | start to first answer (s) | VmRSS (MB, largest process) | PSS (MB, all processes) | runs |")
        print("|---|---|---|---|---|")
        vals = {}
        for _, s, _n in zl:
            key = ("zoneload", s, _n)
            vals[s] = (med(key, "first_answer_s"), med(key, "rss_mb"), med(key, "pss_mb"))
            print("| %s | %s | %s | %s | %d |" % (NAMES.get(s, s), _fmt(vals[s][0], 2), _fmt(vals[s][1], 0),
                                                 _fmt(vals[s][2], 0), runs(key, "first_answer_s")))
        for anchor in ("nsd", "knot"):
            if "wadns" in vals and anchor in vals:
                print("| **wadns / %s** | %s | %s | %s | |" % (
                    NAMES[anchor], _ratio(vals["wadns"][0], vals[anchor][0]),
                    _ratio(vals["wadns"][1], vals[anchor][1]), _ratio(vals["wadns"][2], vals[anchor][2])))
    return 0


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    cmd, args = argv[1], argv[2:]
    fn = {"freeport": freeport, "anchor-zone": anchor_zone, "big-zone": big_zone, "cpu": cpu,
          "mem": mem, "probe": probe, "dnsperf": dnsperf, "report": report}.get(cmd)
    if fn is None:
        print(__doc__)
        return 2
    return fn(*args)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
