#!/usr/bin/env bash
# DNSSEC speed, wadns beside Knot on one machine (see docs/dnssec.md):
#
#   src/bench/dnssec.sh [--records N] [--rate QPS] [--jar target/wadns.jar]
#
#   1. Signing at load: a generated zone of N records (default 100,000; benchlib.py's realistic mix with
#      weighted names for wadns, static addresses for Knot) signed with a CSK, ECDSA P-256 then Ed25519:
#      wadns `check --keys` (loads and signs, serves nothing): the signing time it logs and the whole run;
#      Knot (dnssec-signing: on, single-type-signing): from "signing started" to "successfully signed" in
#      its log, and from its start to "loaded".
#   2. Query CPU with DO: the bundled zone, `www.example.com A` at a fixed offered rate (default 50,000 qps,
#      dnsperf on CPU 0, the server on CPU 1 with one worker): server CPU µs per answered query (user and
#      system from /proc), wadns signed without and with DO (each twice; the first warms the JVM), and Knot
#      signing the same zone with `www` as a static 4-address set, without and with DO.
#
# Needs knotd, dnsperf, dig, taskset, python3 (Debian: knot, dnsperf, bind9-dnsutils, util-linux).
# Writes target/bench/dnssec-<date>.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
RECORDS=100000
RATE=50000
JAR=target/wadns.jar
while [ $# -gt 0 ]; do
    case "$1" in
        --records) RECORDS=$2; shift 2 ;;
        --rate) RATE=$2; shift 2 ;;
        --jar) JAR=$2; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
JAR=$(readlink -f "$JAR")
WORK=$(mktemp -d /tmp/wadns-dnssec-XXXXXX)
trap 'pkill -P $$ 2>/dev/null || true; rm -rf "$WORK"' EXIT
HZ=$(getconf CLK_TCK)
OUT=target/bench/dnssec-$(date +%F).md
mkdir -p target/bench
report=()

python3 - "$WORK/gen" "$RECORDS" <<'PY'
import sys
sys.path.insert(0, "src/bench")
import benchlib
benchlib.mixed_zone("bench.example.", sys.argv[2], sys.argv[1])
PY

free_port() {
    python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'
}

# knot_config DIR PORT DOMAIN ZONEFILE ALGORITHM LOG-LEVEL [SERVER LINES]: a Knot that signs DOMAIN with a CSK.
knot_config() {
    local dir=$1 port=$2 domain=$3 file=$4 alg=$5 level=$6 extra=${7:-}
    mkdir -p "$dir/run" "$dir/db"
    cat > "$dir/knot.conf" <<K
server:
  listen: 127.0.0.1@$port
  rundir: $dir/run
  user: root
$extra
database:
  storage: $dir/db
policy:
  - id: p
    algorithm: $alg
    single-type-signing: on
zone:
  - domain: $domain
    file: $file
    dnssec-signing: on
    dnssec-policy: p
    zonefile-sync: -1
    journal-content: none
log:
  - target: stdout
    any: $level
K
}

seconds_between() { # two Knot log timestamps (ISO, second resolution)
    python3 -c "import datetime,sys; f=lambda s: datetime.datetime.fromisoformat(s); print(int((f(sys.argv[2])-f(sys.argv[1])).total_seconds()))" "$1" "$2"
}

for alg in ECDSAP256SHA256 ED25519; do
    knot_alg=$(echo "$alg" | tr 'A-Z' 'a-z')
    # wadns
    d="$WORK/wadns-$alg"; mkdir -p "$d/zones" "$d/keys"; chmod 700 "$d/keys"
    cp "$WORK/gen/wadns.zone" "$d/zones/bench.example.zone"
    java -jar "$JAR" keygen bench.example --keys "$d/keys" --algorithm "$alg" > /dev/null
    start=$(date +%s.%N)
    java -jar "$JAR" check --zones "$d/zones" --keys "$d/keys" > "$d/check.log" 2>&1
    end=$(date +%s.%N)
    line=$(grep "signed zone" "$d/check.log" | sed 's/.*: //')
    sigs=$(echo "$line" | awk '{print $1}'); ms=$(echo "$line" | awk '{print $4}')
    whole=$(python3 -c "print(round($end-$start,1))")
    # Knot
    k="$WORK/knot-$alg"; mkdir -p "$k"
    cp "$WORK/gen/anchor.zone" "$k/bench.example.zone"
    knot_config "$k" "$(free_port)" bench.example. "$k/bench.example.zone" "$knot_alg" info "  background-workers: 2"
    kstart=$(date -u +%Y-%m-%dT%H:%M:%S)
    knotd -c "$k/knot.conf" > "$k/knot.log" 2>&1 &
    kpid=$!
    for _ in $(seq 1 600); do grep -q "loaded, serial" "$k/knot.log" && break; sleep 0.5; done
    kill $kpid; wait $kpid 2>/dev/null || true
    t_started=$(grep "signing started" "$k/knot.log" | head -1 | awk '{print $1}' | cut -c1-19)
    t_signed=$(grep "successfully signed" "$k/knot.log" | head -1 | awk '{print $1}' | cut -c1-19)
    t_loaded=$(grep "loaded, serial" "$k/knot.log" | head -1 | awk '{print $1}' | cut -c1-19)
    ksign=$(seconds_between "$t_started" "$t_signed")
    kwhole=$(seconds_between "$kstart" "$t_loaded")
    report+=("| $alg, $RECORDS records | wadns: $sigs signatures in $(python3 -c "print(round($ms/1000,1))") s (whole check run $whole s) | Knot: signing ${ksign} s (start to loaded ${kwhole} s) |")
done

measure() { # label pid port [dnsperf options]
    local label=$1 pid=$2 port=$3; shift 3
    taskset -c 0 dnsperf -s 127.0.0.1 -p "$port" -d src/bench/queries/www.txt -l 8 -Q "$RATE" -c 4 "$@" > /dev/null 2>&1
    local t0 u0 t1 u1 out n
    t0=$(awk '{print $14+$15}' /proc/$pid/stat); u0=$(awk '{print $14}' /proc/$pid/stat)
    out=$(taskset -c 0 dnsperf -s 127.0.0.1 -p "$port" -d src/bench/queries/www.txt -l 10 -Q "$RATE" -c 4 "$@" 2>&1)
    t1=$(awk '{print $14+$15}' /proc/$pid/stat); u1=$(awk '{print $14}' /proc/$pid/stat)
    n=$(echo "$out" | awk '/Queries completed/{print $3}')
    report+=("| $label | $(python3 -c "print('%.2f | %.2f | %.2f' % (($t1-$t0)*1e6/$HZ/$n, ($u1-$u0)*1e6/$HZ/$n, (($t1-$t0)-($u1-$u0))*1e6/$HZ/$n))") | $n |")
}

report+=("" "| server, query | CPU µs/query | user | system | queries |" "|---|---|---|---|---|")
keys="$WORK/keys-bundled"; mkdir -p "$keys"; chmod 700 "$keys"
java -jar "$JAR" keygen example.com --keys "$keys" > /dev/null
port=$(free_port)
taskset -c 1 java -Xms64m -XX:MinHeapFreeRatio=5 -XX:MaxHeapFreeRatio=20 -jar "$JAR" serve --zones zones \
    --keys "$keys" --listen 127.0.0.1:$port --threads 1 > "$WORK/wadns.log" 2>&1 &
wpid=$!
for _ in $(seq 50); do dig +short +time=1 +tries=1 @127.0.0.1 -p $port www.example.com > /dev/null 2>&1 && break; sleep 0.2; done
measure "wadns signed, www A without DO (warm-up)" $wpid $port
measure "wadns signed, www A with DO (warm-up)" $wpid $port -D
measure "wadns signed, www A without DO" $wpid $port
measure "wadns signed, www A with DO" $wpid $port -D
kill $wpid; wait $wpid 2>/dev/null || true
k="$WORK/knot-do"; mkdir -p "$k"
sed -e '/ALIAS/d' zones/example.com.zone > "$k/example.com.zone"
printf 'www 60 IN A 192.0.2.3\nwww 60 IN A 192.0.2.4\nwww 60 IN A 192.0.2.130\nwww 60 IN A 192.0.2.131\n@ 60 IN A 192.0.2.1\n' >> "$k/example.com.zone"
kport=$(free_port)
knot_config "$k" "$kport" example.com. "$k/example.com.zone" ecdsap256sha256 warning \
    "$(printf '  udp-workers: 1\n  tcp-workers: 1\n  background-workers: 1')"
taskset -c 1 knotd -c "$k/knot.conf" > "$k/knot.log" 2>&1 &
kpid=$!
for _ in $(seq 50); do dig +dnssec +short +time=1 +tries=1 @127.0.0.1 -p $kport www.example.com | grep -q RRSIG && break; sleep 0.2; done
# Knot puts its UDP worker on CPU 0 itself (worker i on CPU i modulo the online CPUs): back to CPU 1,
# away from dnsperf, as every server here (compare.sh's pin_server).
moved=$(taskset -c 0 python3 src/bench/benchlib.py pin $kpid 1)
[ "${moved%% *}" = 0 ] || echo "dnssec.sh: moved to CPU 1: ${moved#* }" >&2
measure "Knot signed, www A without DO" $kpid $kport
measure "Knot signed, www A with DO" $kpid $kport -D
kill $kpid; wait $kpid 2>/dev/null || true

{
    echo "# DNSSEC speed: wadns and Knot ($(date -u '+%Y-%m-%d %H:%M UTC'))"
    echo
    echo "\`uptime\`: $(uptime)"
    echo
    echo "| zone, algorithm | wadns | Knot |"
    echo "|---|---|---|"
    printf '%s\n' "${report[@]}"
} | tee "$OUT"
