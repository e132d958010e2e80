#!/usr/bin/env python3
"""Helpers for src/bench/compare.sh (standard library only).

Subcommands:
  freeport                          print a port free on 127.0.0.1 for both UDP and TCP
  anchor-zone MODE SEED OUT         rewrite the seed zone for servers without ALIAS:
                                    MODE static: every ALIAS owner gets the A records of its first
                                    target (Knot, NSD); MODE gdnsd: an owner with several ALIAS
                                    records becomes `OWNER 300 DYNA weighted!OWNERgroups`
  big-zone ORIGIN N OUT             write an N-record zone (60% A, 20% AAAA, 10% TXT, 10% MX)
  mixed-zone ORIGIN N DIR [VARIANT] write an N-record zone of a realistic mix to DIR: wadns.zone (with
                                    weighted names as ALIAS records) and anchor.zone (the same names
                                    with static addresses), queries.txt (dnsperf) and probes.json;
                                    VARIANT 1 is the changed zone of the reload (serial 2, a few records
                                    with new values)
  many-zones COUNT DIR [CHANGED]    write COUNT small zones to DIR/wadns and DIR/anchor, one file each
                                    (ORIGIN.zone), the origins in DIR/zones.txt, queries.txt and
                                    probes.json; with CHANGED=ORIGIN, write only that zone, changed
  cpu PID                           CPU seconds (utime+stime) of PID and all its descendants
  pin PID CPU                       put every thread of PID's tree on CPU; print how many were elsewhere
  mem PID                           "rss_kb pss_kb": VmRSS of the largest process of the tree
                                    rooted at PID, and the PSS summed over that tree
  probe PORT NAME TYPE TIMEOUT [EXPECT]
                                    send a query every 10 ms until an answer with records comes
                                    (with EXPECT: an answer holding a NAME TYPE record whose data is
                                    EXPECT, e.g. an address); print the wall clock time (epoch s)
  probe-all PORT PROBES KEY TIMEOUT query every name of the list KEY of the probes.json PROBES until
                                    each has been answered correctly; print the time of the last
  verify PORT PROBES                ask the checks of PROBES (one name of each kind) and print every
                                    answer that is not as the zone says; exit 1 if any
  memwatch PID MS OUT               every MS milliseconds append "epoch rss_kb pss_kb" of the tree
                                    rooted at PID to OUT, until PID exits
  peak OUT T0 T1                    "rss_kb pss_kb samples": the largest sample of a memwatch file
                                    between the epoch times T0 and T1
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


# The realistic mix: blocks of 100 names (i = 100 * block + k), each block holding
#   k  0-39  h<i>  A                          k 70-74  h<i>  2 MX to A hosts of the block
#   k 40-51  h<i>  A and AAAA                 k 75-82  h<i>  CNAME to an A host of the block
#   k 52-59  h<i>  AAAA                       k 83-87  _sip._tcp.h<i>  SRV to an A host of the block
#   k 60-69  h<i>  TXT (SPF or verification)  k 88-91  d<i>  delegation: 2 NS, glue below the cut
#   k 92     w<i>  weighted: G ALIAS records (G = 2, 3 or 4) to groups w<i>-g1 .. -gG of G addresses
#   k 93-99  h<i>  2 A, TTL 300
# about 145 records a block, and then single A records f<n> up to exactly N. Anchors get the same zone
# with the G ALIAS records of w<i> replaced by group 1's G addresses: the same number of records.
MIX_BLOCK = 100


def _v4(i):
    return "10.%d.%d.%d" % ((i >> 16) & 255, (i >> 8) & 255, i & 255)


def _v6(i):
    return "2001:db8:%x:%x::1" % (i >> 16, i & 0xffff)


def _group_v4(c):
    return "100.%d.%d.%d" % (64 + ((c >> 16) & 63), (c >> 8) & 255, c & 255)


def _mix_groups(block):
    g = 2 + block % 3
    return g


def _mix_block(b, anchor, changed, out):
    """Append the lines of block b to out; return the number of records."""
    i0 = b * MIX_BLOCK
    n = 0
    w = out.append
    for k in range(40):
        i = i0 + k
        w("h%d A %s" % (i, changed.get(("h%d" % i, "A"), _v4(i))))
    n += 40
    for k in range(40, 52):
        i = i0 + k
        w("h%d A %s\nh%d AAAA %s" % (i, _v4(i), i, _v6(i)))
    n += 24
    for k in range(52, 60):
        i = i0 + k
        w("h%d AAAA %s" % (i, _v6(i)))
    n += 8
    for k in range(60, 70):
        i = i0 + k
        if k & 1:
            w('h%d TXT "v=spf1 ip4:10.%d.%d.0/24 -all"' % (i, (i >> 16) & 255, (i >> 8) & 255))
        else:
            w('h%d TXT "%s"' % (i, changed.get(("h%d" % i, "TXT"), "site-verification=%08x%08x" % (i * 2654435761 & 0xffffffff, i))))
    n += 10
    for k in range(70, 75):
        i = i0 + k
        w("h%d MX 10 h%d\nh%d MX 20 h%d" % (i, i0 + k - 70, i, i0 + k - 65))
    n += 10
    for k in range(75, 83):
        i = i0 + k
        w("h%d CNAME h%d" % (i, i0 + k - 75 + 10))
    n += 8
    for k in range(83, 88):
        i = i0 + k
        w("_sip._tcp.h%d SRV 10 60 5060 h%d" % (i, i0 + k - 83 + 20))
    n += 5
    for k in range(88, 92):
        i = i0 + k
        if k < 90:      # two in-bailiwick name servers, each with glue
            w("d%d NS ns1.d%d\nd%d NS ns2.d%d\nns1.d%d A %s\nns2.d%d AAAA %s"
              % (i, i, i, i, i, _v4(i), i, _v6(i)))
            n += 4
        else:           # one in-bailiwick with glue, one out of zone
            w("d%d NS ns1.d%d\nd%d NS ns.hosting.example.\nns1.d%d A %s" % (i, i, i, i, _v4(i)))
            n += 3
    i = i0 + 92
    g = _mix_groups(b)
    c = b * 16
    if anchor:
        for m in range(g):
            w("w%d 60 A %s" % (i, _group_v4(c + m)))
    else:
        for j in range(g):
            w("w%d ALIAS %d w%d-g%d" % (i, 1 + j % 3, i, j + 1))
    for j in range(g):
        for m in range(g):
            w("w%d-g%d 60 A %s" % (i, j + 1, _group_v4(c + 4 * j + m)))
    n += g + g * g
    for k in range(93, 100):
        i = i0 + k
        w("h%d 300 A %s\nh%d 300 A %s" % (i, _v4(i), i, _v4(i + (1 << 20))))
    n += 14
    return n


MIX_BLOCK_RECORDS = [_mix_block(b, False, {}, []) for b in range(3)]


def _mix_changes(variant, blocks):
    """The records a changed zone gives new values: (owner, type) -> value."""
    if variant == 0 or blocks == 0:
        return {}
    ch = {}
    for j in range(10):
        b = (blocks * (2 * j + 1)) // 20
        i = b * MIX_BLOCK + 1
        ch[("h%d" % i, "A")] = "198.18.%d.%d" % ((i >> 8) & 255, i & 255)
        ch[("h%d" % (b * MIX_BLOCK + 60), "TXT")] = "site-verification=changed-%d" % variant
    return ch


def mixed_zone(origin, n, outdir, variant="0"):
    import json
    origin = origin.rstrip(".") + "."
    n, variant = int(n), int(variant)
    os.makedirs(outdir, exist_ok=True)
    head = ("$ORIGIN %s\n$TTL 3600\n@ IN SOA ns1 hostmaster %d 7200 900 1209600 300\n"
            "@ IN NS ns1\n@ IN NS ns2\nns1 IN A 192.0.2.53\nns2 IN AAAA 2001:db8::53\n" % (origin, 1 + variant))
    fixed = 5
    blocks, total = 0, fixed
    while total + MIX_BLOCK_RECORDS[blocks % 3] <= n:
        total += MIX_BLOCK_RECORDS[blocks % 3]
        blocks += 1
    fill = n - total
    changed = _mix_changes(variant, blocks)
    for anchor in (False, True):
        name = "anchor.zone" if anchor else "wadns.zone"
        tmp = os.path.join(outdir, "." + name + ".tmp")
        with open(tmp, "w", buffering=1 << 20) as f:
            f.write(head)
            for b in range(blocks):
                lines = []
                _mix_block(b, anchor, changed, lines)
                f.write("\n".join(lines))
                f.write("\n")
            for j in range(fill):
                f.write("f%d A %s\n" % (j, _v4(j + (2 << 20))))
        os.replace(tmp, os.path.join(outdir, name))
    if variant:
        return 0
    # Probes: the first correct answer (an A host of the last block), the record the reload changes,
    # and one name of each kind for verify.
    last = (blocks - 1) * MIX_BLOCK
    mid = _mix_changes(1, blocks)
    probe_owner = sorted(k[0] for k in mid if k[1] == "A")[0]
    pi = int(probe_owner[1:])
    dom = lambda s: "%s.%s" % (s, origin)
    b0 = blocks // 2
    i0 = b0 * MIX_BLOCK
    g = _mix_groups(b0)
    c = b0 * 16
    groups = [sorted(_group_v4(c + 4 * j + m) for m in range(g)) for j in range(g)]
    probes = {
        "first": {"name": dom("h%d" % (last + 39)), "type": "A", "expect": _v4(last + 39)},
        "changed": {"name": dom(probe_owner), "type": "A", "old": _v4(pi), "new": mid[(probe_owner, "A")]},
        "checks": [
            {"name": dom("h%d" % i0), "type": "A", "answer": [["A", _v4(i0)]]},
            {"name": dom("h%d" % (i0 + 40)), "type": "AAAA", "answer": [["AAAA", _v6(i0 + 40)]]},
            {"name": dom("h%d" % (i0 + 61)), "type": "TXT",
             "answer": [["TXT", "v=spf1 ip4:10.%d.%d.0/24 -all" % (((i0 + 61) >> 16) & 255, ((i0 + 61) >> 8) & 255)]]},
            {"name": dom("h%d" % (i0 + 70)), "type": "MX", "answer": [["MX", "10 " + dom("h%d" % i0)]]},
            {"name": dom("h%d" % (i0 + 75)), "type": "A",
             "answer": [["CNAME", dom("h%d" % (i0 + 10))], ["A", _v4(i0 + 10)]]},
            {"name": "_sip._tcp." + dom("h%d" % (i0 + 83)), "type": "SRV",
             "answer": [["SRV", "10 60 5060 " + dom("h%d" % (i0 + 20))]]},
            {"name": "www." + dom("d%d" % (i0 + 88)), "type": "A", "answer": [],
             "authority": [["NS", dom("ns1.d%d" % (i0 + 88))]], "additional": [["A", _v4(i0 + 88)]]},
            {"name": dom("w%d" % (i0 + 92)), "type": "A", "answer_set_of": groups},
            {"name": dom("h%d" % (i0 + 93)), "type": "A", "answer_set_of": [sorted([_v4(i0 + 93), _v4(i0 + 93 + (1 << 20))])]},
            {"name": dom("nothere%d" % i0), "type": "A", "rcode": 3},
        ],
    }
    with open(os.path.join(outdir, "probes.json"), "w") as f:
        json.dump(probes, f, indent=1)
    # The steady load of the reload: every kind of name of 20 blocks spread over the zone, 10% NXDOMAIN.
    rnd = random.Random(7)
    q = []
    for j in range(20):
        base = (blocks * j // 20) * MIX_BLOCK
        for k in range(100):
            i = base + k
            if k < 40 or 93 <= k:
                q.append("h%d A" % i)
            elif k < 52:
                q.append("h%d AAAA" % i)
            elif k < 60:
                q.append("h%d AAAA" % i)
            elif k < 70:
                q.append("h%d TXT" % i)
            elif k < 75:
                q.append("h%d MX" % i)
            elif k < 83:
                q.append("h%d A" % i)
            elif k < 88:
                q.append("_sip._tcp.h%d SRV" % i)
            elif k < 92:
                q.append("www.d%d A" % i)
            else:
                q.append("w%d A" % i)
            if k % 10 == 0:
                q.append("nx%d A" % i)
    q.append("%s A" % probe_owner)
    rnd.shuffle(q)
    with open(os.path.join(outdir, "queries.txt"), "w") as f:
        for line in q:
            name, t = line.split()
            f.write("%s %s\n" % (dom(name), t))
    return 0


# The hosting case: COUNT small zones customerNNNNN.example, each with a SOA, two out-of-zone name servers,
# apex A and MX, www A and AAAA, mail A and a TXT; one zone in 33 has a weighted www instead (two ALIAS
# records to groups of 2 addresses; static for the anchors: group a's 2 addresses).
def _small_zone(n, anchor, serial):
    mail = "10.%d.%d.%d" % (((n >> 16) & 255) | 128, (n >> 8) & 255, n & 255)
    if serial > 1:
        mail = "198.18.%d.%d" % ((n >> 8) & 255, n & 255)
    lines = [
        "$TTL 3600",
        "@ IN SOA ns1.hosting.example. hostmaster.hosting.example. %d 7200 900 1209600 300" % serial,
        "@ NS ns1.hosting.example.",
        "@ NS ns2.hosting.example.",
        "@ A %s" % _v4(n),
        "@ MX 10 mail",
        '@ TXT "v=spf1 mx -all"',
        "mail A %s" % mail,
    ]
    if n % 33 == 7:
        a = ["100.%d.%d.%d" % (64 + ((n >> 14) & 63), (n >> 6) & 255, ((n & 63) << 2) + m) for m in range(4)]
        if anchor:
            lines += ["www 60 A %s" % a[0], "www 60 A %s" % a[1]]
        else:
            lines += ["www ALIAS 2 www-a", "www ALIAS 1 www-b"]
        lines += ["www-a 60 A %s" % a[0], "www-a 60 A %s" % a[1], "www-b 60 A %s" % a[2], "www-b 60 A %s" % a[3]]
    else:
        lines += ["www A %s" % _v4(n), "www AAAA %s" % _v6(n)]
    return "\n".join(lines) + "\n"


def _small_origin(n):
    return "customer%05d.example" % n


def many_zones(count, outdir, changed=None):
    import json
    count = int(count)
    for sub in ("wadns", "anchor"):
        os.makedirs(os.path.join(outdir, sub), exist_ok=True)
    todo = range(count)
    if changed:
        todo = [int(changed.split(".")[0][len("customer"):])]
    for n in todo:
        origin = _small_origin(n)
        for sub, anchor in (("wadns", False), ("anchor", True)):
            path = os.path.join(outdir, sub, origin + ".zone")
            if changed:     # as an operator's tool would: a temp file renamed over the zone
                tmp = os.path.join(outdir, sub, "." + origin + ".tmp")
                with open(tmp, "w") as f:
                    f.write(_small_zone(n, anchor, 2))
                os.replace(tmp, path)
            else:
                with open(path, "w") as f:
                    f.write(_small_zone(n, anchor, 1))
    if changed:
        return 0
    with open(os.path.join(outdir, "zones.txt"), "w") as f:
        for n in range(count):
            f.write(_small_origin(n) + "\n")
    mid = count // 2
    w = next(n for n in range(count) if n % 33 == 7)
    mail = lambda n: "10.%d.%d.%d" % (((n >> 16) & 255) | 128, (n >> 8) & 255, n & 255)
    probes = {
        "first": {"name": "mail.%s." % _small_origin(count - 1), "type": "A", "expect": mail(count - 1)},
        "changed": {"name": "mail.%s." % _small_origin(mid), "type": "A", "old": mail(mid),
                    "new": "198.18.%d.%d" % ((mid >> 8) & 255, mid & 255), "zone": _small_origin(mid)},
        "all": [["mail.%s." % _small_origin(n), "A", mail(n)] for n in range(count)],
        "checks": [
            {"name": "%s." % _small_origin(0), "type": "MX", "answer": [["MX", "10 mail.%s." % _small_origin(0)]]},
            {"name": "www.%s." % _small_origin(1), "type": "AAAA", "answer": [["AAAA", _v6(1)]]},
            {"name": "www.%s." % _small_origin(w), "type": "A", "answer_set_of": [
                sorted("100.%d.%d.%d" % (64 + ((w >> 14) & 63), (w >> 6) & 255, ((w & 63) << 2) + m) for m in g)
                for g in ((0, 1), (2, 3))]},
            {"name": "nothere.%s." % _small_origin(count - 1), "type": "A", "rcode": 3},
        ],
    }
    with open(os.path.join(outdir, "probes.json"), "w") as f:
        json.dump(probes, f, indent=1)
    rnd = random.Random(7)
    with open(os.path.join(outdir, "queries.txt"), "w") as f:
        for _ in range(5000):
            n = rnd.randrange(count)
            f.write(rnd.choice(["www.%s. A", "%s. MX", "mail.%s. A", "www.%s. AAAA"]) % _small_origin(n) + "\n")
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


def pin(pid, cpu_index):
    """Keep every thread of PID's process tree on CPU_INDEX; print how many had been elsewhere.

    taskset at start is not enough for every server: Knot puts its UDP worker i on CPU i modulo the
    online CPUs, whatever its affinity was, so with one worker it ran on CPU 0, the load generator's.
    """
    want = {int(cpu_index)}
    moved = []
    for p in _tree(pid):
        try:
            tids = os.listdir("/proc/%d/task" % p)
        except OSError:
            continue
        for t in tids:
            try:
                if os.sched_getaffinity(int(t)) != want:
                    with open("/proc/%d/task/%s/comm" % (p, t)) as f:
                        name = f.read().strip()
                    os.sched_setaffinity(int(t), want)
                    moved.append("%s/%s" % (t, name))
            except OSError:
                continue    # a thread that ended meanwhile
    print("%d %s" % (len(moved), " ".join(moved)))
    return 0


def mem(pid):
    print(*_mem(pid))
    return 0


def _mem(pid):
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
    return rss, pss


# ----------------------------------------------------------------------------- probe

QTYPES = {"A": 1, "NS": 2, "CNAME": 5, "SOA": 6, "MX": 15, "TXT": 16, "AAAA": 28, "SRV": 33}
QTYPE_NAMES = {v: k for k, v in QTYPES.items()}


def _query(qid, name, qtype):
    code = QTYPES[qtype]
    q = struct.pack(">HHHHHH", qid, 0, 1, 0, 0, 0)
    for label in name.rstrip(".").split("."):
        q += bytes([len(label)]) + label.encode()
    return q + b"\0" + struct.pack(">HH", code, 1)


def _name(data, off):
    """(name with a final dot, offset after it); follows compression pointers."""
    labels, end, hops = [], None, 0
    while True:
        n = data[off]
        if n & 0xC0 == 0xC0:
            if end is None:
                end = off + 2
            off = ((n & 0x3F) << 8) | data[off + 1]
            hops += 1
            if hops > 64:
                raise ValueError("compression loop")
            continue
        off += 1
        if n == 0:
            break
        labels.append(data[off:off + n].decode("ascii", "replace").lower())
        off += n
    return ".".join(labels) + ".", end if end is not None else off


def _rdata(data, rtype, off, rdlen):
    if rtype == 1:
        return socket.inet_ntop(socket.AF_INET, data[off:off + 4])
    if rtype == 28:
        return socket.inet_ntop(socket.AF_INET6, data[off:off + 16])
    if rtype in (2, 5):
        return _name(data, off)[0]
    if rtype == 15:
        return "%d %s" % (struct.unpack(">H", data[off:off + 2])[0], _name(data, off + 2)[0])
    if rtype == 33:
        p, w, port = struct.unpack(">HHH", data[off:off + 6])
        return "%d %d %d %s" % (p, w, port, _name(data, off + 6)[0])
    if rtype == 16:
        out, p = [], off
        while p < off + rdlen:
            n = data[p]
            out.append(data[p + 1:p + 1 + n].decode("ascii", "replace"))
            p += 1 + n
        return "".join(out)
    return data[off:off + rdlen].hex()


def _parse(data):
    """(id, flags, {"answer": [(owner, TYPE, rdata)], "authority": [...], "additional": [...]})."""
    qid, flags, qd, an, ns, ar = struct.unpack(">HHHHHH", data[:12])
    off = 12
    for _ in range(qd):
        off = _name(data, off)[1] + 4
    sections = {}
    for sec, count in (("answer", an), ("authority", ns), ("additional", ar)):
        rrs = []
        for _ in range(count):
            owner, off = _name(data, off)
            rtype, _cls, _ttl, rdlen = struct.unpack(">HHIH", data[off:off + 10])
            off += 10
            rrs.append((owner, QTYPE_NAMES.get(rtype, str(rtype)), _rdata(data, rtype, off, rdlen)))
            off += rdlen
        sections[sec] = rrs
    return qid, flags, sections


def _correct(data, name, qtype, expect):
    """Whether a reply answers NAME QTYPE with records (with EXPECT: one NAME QTYPE record with that data)."""
    try:
        _, flags, sec = _parse(data)
    except (ValueError, IndexError, struct.error):
        return False
    if not flags & 0x8000 or flags & 0xF != 0 or not sec["answer"]:
        return False
    if expect is None:
        return True
    owner = name.rstrip(".").lower() + "."
    return any(o == owner and t == qtype and r == expect for o, t, r in sec["answer"])


def probe(port, name, qtype, timeout, expect=None):
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
            if len(data) >= 12 and struct.unpack(">H", data[:2])[0] in sent and _correct(data, name, qtype, expect):
                print("%.4f" % time.time())
                return 0
    print("probe: no %s for %s %s on port %s within %s s"
          % ("answer" if expect is None else "answer with " + expect, name, qtype, port, timeout), file=sys.stderr)
    return 1


def probe_all(port, probes, key, timeout):
    """Query every (name, type, expect) of the list KEY until each has been answered correctly."""
    import collections
    import json
    with open(probes) as f:
        todo = {i: tuple(p) for i, p in enumerate(json.load(f)[key])}
    deadline = time.time() + float(timeout)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 21)
    waiting = collections.deque(todo)   # not yet answered correctly, and not in flight
    inflight = {}                       # qid -> (index, time sent)
    qid = 0
    while todo and time.time() < deadline:
        now = time.time()
        for q in [q for q, (_, t) in inflight.items() if now - t > 0.2]:
            waiting.append(inflight.pop(q)[0])      # no answer in 200 ms: ask again
        while len(inflight) < 64 and waiting:
            i = waiting.popleft()
            qid = (qid + 1) & 0xffff
            try:
                s.sendto(_query(qid, todo[i][0], todo[i][1]), ("127.0.0.1", int(port)))
            except OSError:
                pass
            inflight[qid] = (i, now)
        r, _, _ = select.select([s], [], [], 0.01)
        while r:
            try:
                data = s.recv(65535)
            except OSError:
                break
            q = struct.unpack(">H", data[:2])[0] if len(data) >= 12 else -1
            if q in inflight:
                i = inflight.pop(q)[0]
                if _correct(data, *todo[i]):
                    del todo[i]
                else:                       # not (yet) the right answer: ask again after a pause
                    inflight[q] = (i, now)
            r, _, _ = select.select([s], [], [], 0)
    if todo:
        print("probe-all: %d of the %s names without a correct answer within %s s (e.g. %s)"
              % (len(todo), key, timeout, " ".join(todo[next(iter(todo))][:2])), file=sys.stderr)
        return 1
    print("%.4f" % time.time())
    return 0


def verify(port, probes):
    """Ask each check of PROBES once (three tries) and report every answer that is not as expected."""
    import json
    with open(probes) as f:
        checks = json.load(f)["checks"]
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(1.0)
    bad = 0
    for n, c in enumerate(checks):
        data = None
        for attempt in range(3):
            s.sendto(_query(n + 1, c["name"], c["type"]), ("127.0.0.1", int(port)))
            try:
                while True:
                    data = s.recv(65535)
                    if struct.unpack(">H", data[:2])[0] == n + 1:
                        break
                break
            except socket.timeout:
                data = None
        problems = []
        if data is None:
            problems.append("no reply")
        else:
            _, flags, sec = _parse(data)
            if flags & 0xF != c.get("rcode", 0):
                problems.append("rcode %d, expected %d" % (flags & 0xF, c.get("rcode", 0)))
            for part in ("answer", "authority", "additional"):
                for t, r in c.get(part, []):
                    if not any(t == t2 and r == r2 for _, t2, r2 in sec[part]):
                        problems.append("no %s %s in the %s section" % (t, r, part))
            if "answer_set_of" in c:
                got = sorted(r for _, t, r in sec["answer"] if t == c["type"])
                if got not in c["answer_set_of"]:
                    problems.append("answer %s is none of the sets %s" % (got, c["answer_set_of"]))
        if problems:
            bad += 1
            print("%s %s: %s%s" % (c["name"], c["type"], "; ".join(problems),
                                   "" if data is None else " (reply: %s)" % _parse(data)[2]))
    return 1 if bad else 0


# ----------------------------------------------------------------------------- memory over time

def memwatch(pid, ms, out):
    """Sample the tree rooted at PID every MS ms until it exits: "epoch rss_kb pss_kb" lines."""
    pid, period = int(pid), float(ms) / 1000
    with open(out, "a", buffering=1) as f:
        while os.path.exists("/proc/%d" % pid):
            t = time.time()
            rss, pss = _mem(pid)
            f.write("%.3f %d %d\n" % (t, rss, pss))
            time.sleep(max(0.0, period - (time.time() - t)))
    return 0


def peak(out, t0, t1):
    best, n = (0, 0), 0
    t0, t1 = float(t0), float(t1)
    with open(out) as f:
        for line in f:
            parts = line.split()
            if len(parts) != 3 or not t0 <= float(parts[0]) <= t1:
                continue
            n += 1
            if int(parts[2]) > best[1]:
                best = (int(parts[1]), int(parts[2]))
    print(best[0], best[1], n)
    return 0


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

NAMES = {"wadns": "wadns", "knot": "Knot", "nsd": "NSD", "gdnsd": "gdnsd", "wadns-unit": "wadns (unit)"}
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
        if s in ("simple", "mixed", "reload", "many", "manyreload", "manyone", "transfer", "tsig"):
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

    zone_tables(data, order, med, runs)
    return 0


ZL_NAMES = {"wadns": "**wadns** (`java -jar`, no options)", "wadns-unit": "**wadns** (JVM options of the unit)",
            "nsd": "NSD", "knot": "Knot"}
ZL_ORDER = ("wadns", "wadns-unit", "nsd", "knot")


def zone_tables(data, order, med, runs):
    """The zone-load tables: one per part, each server's medians and the wadns/NSD and wadns/Knot ratios."""
    def table(part, title, cols, ratio_cols=None):
        keys = {k[1]: k for k in order if k[0] == part}
        if not keys:
            return
        size = next(iter(keys.values()))[2]
        print()
        print("### " + title % {"n": "{:,}".format(int(size)) if size.isdigit() else size})
        print()
        print("| server | " + " | ".join(c[1] for c in cols) + " | runs |")
        print("|---|" + "---|" * len(cols) + "---|")
        vals = {}
        for s in [s for s in ZL_ORDER if s in keys] + [s for s in keys if s not in ZL_ORDER]:
            key = keys[s]
            vals[s] = {c[0]: c[3](key) if len(c) > 3 else med(key, c[0]) for c in cols}
            cells = [v if isinstance(v, str) else _fmt(v, c[2]) for c, v in ((c, vals[s][c[0]]) for c in cols)]
            print("| %s | %s | %d |" % (ZL_NAMES.get(s, s), " | ".join(cells), max(runs(key, c[0]) for c in cols)))
        for w in ("wadns", "wadns-unit"):
            for anchor in ("nsd", "knot"):
                if w not in vals or anchor not in vals:
                    continue
                cells = []
                for c in cols:
                    if ratio_cols is not None and c[0] not in ratio_cols:
                        cells.append("")
                        continue
                    a, b = vals[w][c[0]], vals[anchor][ratio_cols[c[0]] if ratio_cols else c[0]]
                    cells.append("" if isinstance(a, str) else _ratio(a, b))
                print("| *%s / %s* | %s | |" % ("wadns" if w == "wadns" else "wadns (unit)", NAMES[anchor],
                                               " | ".join(cells)))

    def wrong(part):
        def f(key):
            w = data.get(key + ("wrong_answers",), [])
            return "all correct" if not w else "%d wrong" % max(w)
        return f

    def lost(key):
        lo, se = data.get(key + ("lost",), []), data.get(key + ("sent",), [])
        if not se:
            return "-"
        return "%d of %d" % (sum(lo), sum(se))

    start_cols = [("first_answer_s", "start to first correct answer (s)", 2),
                  ("pss_mb", "PSS then (MB)", 0), ("load_peak_pss_mb", "peak PSS while loading (MB)", 0),
                  ("rss_mb", "VmRSS then (MB)", 0)]
    table("simple", "Zone load, simple mix: %(n)s records (60%% A, 20%% AAAA, 10%% TXT, 10%% MX)", start_cols)
    table("mixed", "Zone load, realistic mix: %(n)s records", start_cols +
          [("wrong_answers", "answers of each kind", 0, wrong("mixed"))],
          {c[0]: c[0] for c in start_cols})
    table("transfer", "Secondary: a %(n)s-record zone transferred whole (AXFR from Knot)", start_cols +
          [("wrong_answers", "answers of each kind", 0, wrong("transfer"))],
          {c[0]: c[0] for c in start_cols})
    table("tsig", "Secondary under TSIG: a %(n)s-record zone transferred whole (AXFR from Knot, HMAC-SHA256)",
          start_cols + [("wrong_answers", "answers of each kind", 0, wrong("tsig"))],
          {c[0]: c[0] for c in start_cols})
    def dropped(key):
        d = data.get(key + ("server_drops",), [])
        return "%d" % sum(d) if d else "-"

    reload_cols = [("reload_s", "trigger to new answer (s)", 2), ("lost", "queries lost", 0, lost),
                   ("steady_pss_mb", "steady PSS (MB)", 0), ("peak_pss_mb", "peak PSS in reload (MB)", 0),
                   ("qps", "answered qps", 0),
                   ("server_drops", "dropped on the server's sockets", 0, dropped)]
    # The goal compares wadns' peak with the anchor's steady state: a ratio column of its own.
    rk = {k[1]: k for k in order if k[0] == "reload"}
    table("reload", "Reload while serving: a changed %(n)s-record zone", reload_cols,
          {"reload_s": "reload_s", "steady_pss_mb": "steady_pss_mb", "peak_pss_mb": "peak_pss_mb"})
    for w in ("wadns", "wadns-unit"):
        for anchor in ("nsd", "knot"):
            if w in rk and anchor in rk:
                print("| *%s peak / %s steady* | | | | %s | | | |" % (
                    "wadns" if w == "wadns" else "wadns (unit)", NAMES[anchor],
                    _ratio(med(rk[w], "peak_pss_mb"), med(rk[anchor], "steady_pss_mb"))))
    table("many", "%(n)s small zones in one folder: start", [
        ("first_answer_s", "start to first correct answer, last zone (s)", 2),
        ("all_answer_s", "start to every zone answering (s)", 2),
        ("pss_mb", "PSS at first answer (MB)", 0), ("all_pss_mb", "PSS, every zone answering (MB)", 0),
        ("load_peak_pss_mb", "peak PSS while loading (MB)", 0),
        ("wrong_answers", "answers checked", 0, wrong("many"))],
        {"first_answer_s": "first_answer_s", "all_answer_s": "all_answer_s", "pss_mb": "pss_mb",
         "all_pss_mb": "all_pss_mb", "load_peak_pss_mb": "load_peak_pss_mb"})
    table("manyreload", "%(n)s small zones: reload after one zone changed", reload_cols,
          {"reload_s": "reload_s", "steady_pss_mb": "steady_pss_mb", "peak_pss_mb": "peak_pss_mb"})
    # What a start costs before the number of zones counts: the many zones' start stands on it.
    table("manyone", "The last of the small zones alone: start", [
        ("first_answer_s", "start to first correct answer (s)", 2), ("pss_mb", "PSS then (MB)", 0)])


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    cmd, args = argv[1], argv[2:]
    fn = {"freeport": freeport, "anchor-zone": anchor_zone, "big-zone": big_zone, "cpu": cpu,
          "mem": mem, "pin": pin, "probe": probe, "dnsperf": dnsperf, "report": report, "mixed-zone": mixed_zone,
          "many-zones": many_zones, "probe-all": probe_all, "verify": verify, "memwatch": memwatch,
          "peak": peak}.get(cmd)
    if fn is None:
        print(__doc__)
        return 2
    return fn(*args)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
