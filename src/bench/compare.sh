#!/usr/bin/env bash
# wadns against Knot, NSD and gdnsd, side by side, on one machine (issue 5).
#
#   src/bench/compare.sh            full run (about 25 minutes)
#   src/bench/compare.sh --quick    smoke test (about 4 minutes): short runs, 1 repetition, smaller zone
#
# What it does, one server after the other (each pinned to CPU 1 with one worker thread, dnsperf pinned
# to CPU 0, loopback):
#   - serves the seed example (zones/example.com.zone, `www` = two weighted ALIAS groups of 4 addresses)
#     with wadns; with gdnsd's weighted plugin in grouped-single mode; and with `www` as a static
#     4-address set (endpoint-a) with Knot and NSD (configurations: src/bench/anchors/, ../shared/ANCHORS.md);
#   - for each workload (www: `www.example.com A` only; mixed: src/bench/queries/mixed.txt, 10% NXDOMAIN)
#     and transport (UDP for all; TCP for wadns and Knot) measures: saturated qps (dnsperf -l 20) with
#     loss; server CPU µs per answered query at a fixed offered 50,000 qps (utime+stime of the server's
#     processes from /proc before and after, divided by the queries completed); average and p99 latency
#     at that rate (p99 from dnsperf -v per-query latencies);
#   - warms the JVM (20 s) before measuring; repeats every measurement 3 times and reports the median;
#   - zone load: generates a 1,000,000-record zone (60% A, 20% AAAA, 10% TXT, 10% MX) in a temp dir and
#     measures process start to first answer and resident memory for wadns, NSD and Knot;
#   - prints the table with the ratios wadns/Knot and wadns/gdnsd, and writes it (plus the raw figures)
#     to target/bench/compare-<date>.md (and .tsv).
#
# Options (lists are comma-separated):
#   --quick                 -l 5 saturated, -l 5 fixed-rate, 1 run, 5 s warm-up, 200,000-record zone
#   --servers LIST          wadns,knot,gdnsd,nsd (default: all)
#   --workloads LIST        www,mixed (default: both)
#   --transports LIST       udp,tcp (default: both; TCP runs only against wadns and Knot)
#   --runs N                repetitions of every measurement (default 3; the median is reported)
#   --duration S            seconds of each saturated run (default 20)
#   --fixed-duration S      seconds of each fixed-rate run (default 10)
#   --rate QPS              offered rate of the fixed-rate runs (default 50000)
#   --warmup S              JVM warm-up before measuring wadns (default 20)
#   --zone-records N        size of the zone-load zone (default 1000000)
#   --zoneload-servers LIST wadns,nsd,knot (default: all three)
#   --no-zoneload           skip the zone-load measurement
#   --zoneload-only         only the zone-load measurement
#   --build                 rebuild wadns first (mvn -q -DskipTests package); by default it is built
#                           only when target/wadns.jar is missing
#   --no-install            do not apt-get install missing tools; fail instead
#   --out FILE              where to write the markdown report (default target/bench/compare-<date>.md)
#   --keep                  keep the temp dir (configs, logs, zones) for inspection
# Environment: WADNS_JAVA_OPTS (extra JVM options for wadns, e.g. "-XX:+UseParallelGC").

set -uo pipefail
export LC_ALL=C
export PATH="$PATH:/usr/sbin:/sbin"

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
PY=python3            # resolved to the interpreter itself below (a pyenv shim costs ~0.5 s per call under load)
LIB=(python3 "$HERE/benchlib.py")
JAR="$REPO/target/wadns.jar"
SEED="$REPO/zones/example.com.zone"
ARGS_LINE="$0${*:+ $*}"

SERVERS=wadns,knot,gdnsd,nsd
WORKLOADS=www,mixed
TRANSPORTS=udp,tcp
TCP_SERVERS=wadns,knot
RUNS=3
SAT_S=20
FIXED_S=10
RATE=50000
WARM_S=20
ANCHOR_WARM_S=2
ZONE_RECORDS=1000000
ZONELOAD_SERVERS=wadns,nsd,knot
ZONELOAD=1
LOADS=1
BUILD=auto
INSTALL=1
KEEP=0
OUT=""
SERVER_CPU=1
CLIENT_CPU=0
CLIENTS=4
QUICK=0
STAMP=$(date +%Y%m%d-%H%M%S)

die() { echo "compare.sh: $*" >&2; exit 1; }
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
has() { [[ ",$1," == *",$2,"* ]]; }

while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1; SAT_S=5; FIXED_S=5; RUNS=1; WARM_S=5; ANCHOR_WARM_S=1; ZONE_RECORDS=200000 ;;
    --servers) SERVERS=${2:?}; shift ;;
    --workloads) WORKLOADS=${2:?}; shift ;;
    --transports) TRANSPORTS=${2:?}; shift ;;
    --runs) RUNS=${2:?}; shift ;;
    --duration) SAT_S=${2:?}; shift ;;
    --fixed-duration) FIXED_S=${2:?}; shift ;;
    --rate) RATE=${2:?}; shift ;;
    --warmup) WARM_S=${2:?}; shift ;;
    --zone-records) ZONE_RECORDS=${2:?}; shift ;;
    --zoneload-servers) ZONELOAD_SERVERS=${2:?}; shift ;;
    --no-zoneload) ZONELOAD=0 ;;
    --zoneload-only) LOADS=0 ;;
    --build) BUILD=always ;;
    --no-install) INSTALL=0 ;;
    --out) OUT=${2:?}; shift ;;
    --keep) KEEP=1 ;;
    -h|--help) sed -n '2,/^$/p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
  shift
done
for v in RUNS SAT_S FIXED_S RATE WARM_S ZONE_RECORDS; do
  [[ ${!v} =~ ^[0-9]+$ ]] && [ "${!v}" -gt 0 ] || die "$v must be a positive integer"
done
for s in ${SERVERS//,/ } ${ZONELOAD_SERVERS//,/ }; do
  case $s in wadns|knot|gdnsd|nsd) ;; *) die "unknown server $s" ;; esac
done
for w in ${WORKLOADS//,/ }; do [ -f "$HERE/queries/$w.txt" ] || die "unknown workload $w"; done
for t in ${TRANSPORTS//,/ }; do case $t in udp|tcp) ;; *) die "unknown transport $t" ;; esac; done
[ -n "$OUT" ] || OUT="$REPO/target/bench/compare-$STAMP.md"
if [ "$(nproc --all)" -lt 2 ]; then die "needs at least 2 CPUs (server on CPU $SERVER_CPU, dnsperf on CPU $CLIENT_CPU)"; fi

# ------------------------------------------------------------------------------------------ cleanup

TMP=$(mktemp -d /tmp/wadns-compare.XXXXXX)
STARTED=()          # every server process this script started
POLICY_BACKUP=""    # /usr/sbin/policy-rc.d as it was, when we replaced it
POLICY_WRITTEN=0

tree_pids() {       # PID and its descendants, children first
  local p c
  for c in $(pgrep -P "$1" 2>/dev/null); do tree_pids "$c"; done
  echo "$1"
}

stop_pid() {        # stop one server we started (and the processes it forked), bounded
  local pid=$1 p i
  kill -0 "$pid" 2>/dev/null || return 0
  local pids; pids=$(tree_pids "$pid")
  for p in $pids; do kill -TERM "$p" 2>/dev/null; done
  for i in $(seq 100); do
    local alive=0
    for p in $pids; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && break
    sleep 0.1
  done
  for p in $pids; do kill -KILL "$p" 2>/dev/null; done
  wait "$pid" 2>/dev/null
  return 0
}

cleanup() {
  local pid
  for pid in "${STARTED[@]}"; do stop_pid "$pid"; done
  if [ "$POLICY_WRITTEN" = 1 ]; then
    if [ -n "$POLICY_BACKUP" ]; then mv -f "$POLICY_BACKUP" /usr/sbin/policy-rc.d; else rm -f /usr/sbin/policy-rc.d; fi
  fi
  if [ "$KEEP" = 1 ]; then echo "compare.sh: kept $TMP" >&2; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ------------------------------------------------------------------------------------------ install

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }

install_missing() {
  local pkgs=() 
  command -v dnsperf >/dev/null || pkgs+=(dnsperf)
  command -v dig >/dev/null || pkgs+=(bind9-dnsutils)
  command -v taskset >/dev/null || pkgs+=(util-linux)
  command -v python3 >/dev/null || pkgs+=(python3)
  if has "$SERVERS,$ZONELOAD_SERVERS" knot; then command -v knotd >/dev/null || pkgs+=(knot); fi
  if has "$SERVERS,$ZONELOAD_SERVERS" nsd; then command -v nsd >/dev/null || pkgs+=(nsd); fi
  if has "$SERVERS" gdnsd; then command -v gdnsd >/dev/null || pkgs+=(gdnsd); fi
  [ ${#pkgs[@]} = 0 ] && return 0
  [ "$INSTALL" = 1 ] || die "missing: ${pkgs[*]} (run without --no-install, or apt-get install -y ${pkgs[*]})"
  log "installing ${pkgs[*]}"
  # Debian starts the services it installs unless policy-rc.d says no; put it back afterwards.
  if [ -e /usr/sbin/policy-rc.d ]; then
    POLICY_BACKUP="$TMP/policy-rc.d.orig"; as_root cp -p /usr/sbin/policy-rc.d "$POLICY_BACKUP" || die "cannot back up policy-rc.d"
  fi
  printf '#!/bin/sh\nexit 101\n' | as_root tee /usr/sbin/policy-rc.d >/dev/null && as_root chmod 755 /usr/sbin/policy-rc.d \
    || die "cannot write /usr/sbin/policy-rc.d (needs root)"
  POLICY_WRITTEN=1
  export DEBIAN_FRONTEND=noninteractive
  timeout 900 as_root apt-get install -y "${pkgs[@]}" >"$TMP/apt.log" 2>&1 \
    || { timeout 600 as_root apt-get update >>"$TMP/apt.log" 2>&1 && timeout 900 as_root apt-get install -y "${pkgs[@]}" >>"$TMP/apt.log" 2>&1; } \
    || { tail -20 "$TMP/apt.log" >&2; die "apt-get install ${pkgs[*]} failed"; }
}
install_missing
command -v java >/dev/null || die "java (17 or later) is needed for wadns"
PY=$(python3 -c "import sys; print(sys.executable)") || die "python3 does not run"
LIB=("$PY" "$HERE/benchlib.py")

if has "$SERVERS,$ZONELOAD_SERVERS" wadns; then
  if [ "$BUILD" = always ] || [ ! -f "$JAR" ]; then
    log "building wadns (mvn -q -DskipTests package)"
    (cd "$REPO" && timeout 1200 mvn -q -DskipTests package) >"$TMP/build.log" 2>&1 \
      || { tail -30 "$TMP/build.log" >&2; die "build failed"; }
  fi
  [ -f "$JAR" ] || die "no $JAR"
  # Run a private copy: other builds may replace target/wadns.jar while the benchmark runs.
  JAR_INFO="target/wadns.jar built $(date -u -r "$JAR" '+%Y-%m-%d %H:%M:%S UTC'), sha256 $(sha256sum "$JAR" | cut -c1-12)"
  cp "$JAR" "$TMP/wadns.jar" || die "cannot copy $JAR"
  JAR="$TMP/wadns.jar"
fi

# ------------------------------------------------------------------------------------------ servers

# start_server NAME KIND: KIND seed (the seed example) or big (the zone-load zone).
# Sets SPID (the server's process id), SPORT and SDIR. Does not wait for readiness.
start_server() {
  local name=$1 kind=$2 origin zonesrc
  SPORT=$("${LIB[@]}" freeport) || die "no free port"
  SDIR=$(mktemp -d "$TMP/$name-$kind.XXXX")
  if [ "$kind" = seed ]; then origin=example.com; else origin=big.example; fi
  case $name in
    wadns)
      mkdir -p "$SDIR/zones"
      if [ "$kind" = seed ]; then cp "$SEED" "$SDIR/zones/example.com.zone"; else ln -s "$BIGZONE" "$SDIR/zones/big.example.zone"; fi
      # shellcheck disable=SC2086
      taskset -c $SERVER_CPU java ${WADNS_JAVA_OPTS:-} -jar "$JAR" serve --zones "$SDIR/zones" \
        --listen "127.0.0.1:$SPORT" --threads 1 >"$SDIR/out.log" 2>&1 &
      ;;
    knot|nsd)
      if [ "$kind" = seed ]; then zonesrc="$SDIR/$origin.zone"; "${LIB[@]}" anchor-zone static "$SEED" "$zonesrc" || die "anchor zone"
      else zonesrc="$BIGZONE"; fi
      local user=""; [ "$(id -u)" = 0 ] && user="user: root"
      sed -e "s#@PORT@#$SPORT#g; s#@DIR@#$SDIR#g; s#@ORIGIN@#$origin#g; s#@ZONEFILE@#$zonesrc#g; s#@USER@#$user#g" \
        "$HERE/anchors/$name.conf.in" >"$SDIR/$name.conf"
      if [ $name = knot ]; then
        taskset -c $SERVER_CPU knotd -c "$SDIR/knot.conf" >"$SDIR/out.log" 2>&1 &
      else
        taskset -c $SERVER_CPU nsd -d -c "$SDIR/nsd.conf" >"$SDIR/out.log" 2>&1 &
      fi
      ;;
    gdnsd)
      [ "$kind" = seed ] || die "gdnsd takes no part in the zone-load measurement"
      mkdir -p "$SDIR/zones" "$SDIR/run" "$SDIR/state"
      "${LIB[@]}" anchor-zone gdnsd "$SEED" "$SDIR/zones/example.com" || die "anchor zone"
      sed -e "s#@PORT@#$SPORT#g; s#@DIR@#$SDIR#g" "$HERE/anchors/gdnsd.config.in" >"$SDIR/config"
      taskset -c $SERVER_CPU gdnsd -c "$SDIR" -l start >"$SDIR/out.log" 2>&1 &
      ;;
  esac
  SPID=$!
  STARTED+=("$SPID")
}

wait_ready() {      # wait_ready NAME TYPE TIMEOUT: first answer with records; prints its epoch time
  local t
  if t=$("${LIB[@]}" probe "$SPORT" "$1" "$2" "$3"); then echo "$t"; return 0; fi
  echo "compare.sh: server (pid $SPID) gave no answer; its log:" >&2
  tail -20 "$SDIR/out.log" >&2
  [ -f "$SDIR/nsd.log" ] && tail -20 "$SDIR/nsd.log" >&2
  return 1
}

stop_server() {
  stop_pid "$SPID"
  local keep=() p
  for p in "${STARTED[@]}"; do [ "$p" = "$SPID" ] || keep+=("$p"); done
  STARTED=("${keep[@]}")
}

# ------------------------------------------------------------------------------------------ measuring

RESULTS="$TMP/results.tsv"
META="$TMP/meta.md"
: >"$RESULTS"
record() { printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$RESULTS"; }

# run_dnsperf OUT WORKLOAD TRANSPORT SECONDS [extra dnsperf args...]
run_dnsperf() {
  local out=$1 w=$2 t=$3 secs=$4; shift 4
  timeout $((secs + 60)) taskset -c $CLIENT_CPU dnsperf -s 127.0.0.1 -p "$SPORT" -m "$t" \
    -d "$HERE/queries/$w.txt" -l "$secs" -c $CLIENTS -T 1 "$@" >"$out" 2>&1
}

parse() { "${LIB[@]}" dnsperf "$1"; }   # key=value lines
val() { sed -n "s/^$1=//p" <<<"$2"; }
calc() { "$PY" -c "import sys; print($1)" 2>/dev/null || echo nan; }

warm() {            # warm NAME SECONDS
  local name=$1 secs=$2 w t n=0 per
  local tr=udp; has "$TRANSPORTS" tcp && has "$TCP_SERVERS" "$name" && tr=udp,tcp
  for w in ${WORKLOADS//,/ }; do for t in ${tr//,/ }; do n=$((n + 1)); done; done
  per=$(( (secs + n - 1) / n )); [ $per -lt 1 ] && per=1
  for w in ${WORKLOADS//,/ }; do
    for t in ${tr//,/ }; do
      run_dnsperf "$TMP/warm.txt" "$w" "$t" "$per"
    done
  done
}

measure() {         # measure NAME WORKLOAD TRANSPORT
  local name=$1 w=$2 t=$3 r out p c0 c1 completed
  for r in $(seq "$RUNS"); do
    kill -0 "$SPID" 2>/dev/null || { log "$name died"; return 1; }
    out="$TMP/sat.txt"
    run_dnsperf "$out" "$w" "$t" "$SAT_S"
    p=$(parse "$out")
    record "$name" "$w" "$t" qps "$r" "$(val qps "$p")"
    record "$name" "$w" "$t" lost_pct "$r" "$(calc "100.0*$(val lost "$p")/$(val sent "$p")")"
    log "  $name $w $t run $r: saturated $(val qps "$p") qps, lost $(val lost "$p") of $(val sent "$p") ($(val rcodes "$p"))"
    sleep 1
    out="$TMP/fixed.txt"
    c0=$("${LIB[@]}" cpu "$SPID")
    run_dnsperf "$out" "$w" "$t" "$FIXED_S" -Q "$RATE" -v
    c1=$("${LIB[@]}" cpu "$SPID")
    p=$(parse "$out")
    completed=$(val completed "$p")
    record "$name" "$w" "$t" cpu_us "$r" "$(calc "($c1-$c0)*1e6/$completed")"
    record "$name" "$w" "$t" avg_ms "$r" "$(calc "1000*$(val avg_s "$p")")"
    record "$name" "$w" "$t" p99_ms "$r" "$(calc "1000*$(val p99_s "$p")")"
    record "$name" "$w" "$t" fixed_qps "$r" "$(val qps "$p")"
    record "$name" "$w" "$t" fixed_lost_pct "$r" "$(calc "100.0*$(val lost "$p")/$(val sent "$p")")"
    log "  $name $w $t run $r: at $RATE offered: $(val qps "$p") qps answered, $(calc "round(($c1-$c0)*1e6/$completed,2)") µs CPU/query, avg $(val avg_s "$p") s, p99 $(val p99_s "$p") s"
    rm -f "$out"
    sleep 1
  done
}

LOADNOTES=()
note_load() { LOADNOTES+=("- $1: \`$(uptime | sed 's/^ *//')\`"); }

bench_server() {
  local name=$1 w t
  log "== $name"
  note_load "before $name"
  start_server "$name" seed
  wait_ready www.example.com A 60 >/dev/null || die "$name did not start"
  log "$name ready on port $SPORT (pid $SPID); warming up"
  if [ "$name" = wadns ]; then warm "$name" "$WARM_S"; else warm "$name" "$ANCHOR_WARM_S"; fi
  for w in ${WORKLOADS//,/ }; do
    for t in ${TRANSPORTS//,/ }; do
      [ "$t" = tcp ] && ! has "$TCP_SERVERS" "$name" && continue
      measure "$name" "$w" "$t" || break 2
    done
  done
  stop_server
}

zoneload() {        # zoneload NAME RUN
  local name=$1 r=$2 t0 t1 m
  t0=$(date +%s.%N)
  start_server "$name" big
  if t1=$(wait_ready h0.big.example A 600); then
    sleep 1
    m=$("${LIB[@]}" mem "$SPID")
    record zoneload "$name" "$ZONE_RECORDS" first_answer_s "$r" "$(calc "$t1-$t0")"
    record zoneload "$name" "$ZONE_RECORDS" rss_mb "$r" "$(calc "${m% *}/1024")"
    record zoneload "$name" "$ZONE_RECORDS" pss_mb "$r" "$(calc "${m#* }/1024")"
    log "  $name run $r: first answer after $(calc "round($t1-$t0,2)") s (launched $(date -u -d "@$t0" +%T.%N | cut -c1-12), answered $(date -u -d "@$t1" +%T.%N | cut -c1-12) UTC); VmRSS/PSS kB: $m"
  else
    log "  $name run $r: no answer within 600 s"
  fi
  stop_server
}

# ------------------------------------------------------------------------------------------ run

mkdir -p "$(dirname "$OUT")"
{
  echo "# wadns compared with Knot, NSD and gdnsd ($(date -u '+%Y-%m-%d %H:%M UTC'))"
  echo
  echo "- command: \`${ARGS_LINE}\`$([ -n "${WADNS_JAVA_OPTS:-}" ] && echo " with WADNS_JAVA_OPTS=\"$WADNS_JAVA_OPTS\"")"
  echo "- wadns: ${JAR_INFO:-not run}; source tree at $(cd "$REPO" && git rev-parse --short HEAD 2>/dev/null)$(cd "$REPO" && [ -n "$(git status --porcelain -- src/main pom.xml 2>/dev/null)" ] && echo ' with uncommitted changes'); $(java -version 2>&1 | head -1)"
  echo "- anchors: Knot $(knotd --version 2>/dev/null | awk '{print $NF}'), NSD $(nsd -v 2>&1 | awk 'NR==1{print $NF}'), gdnsd $(gdnsd -V 2>&1 | awk '/version/{print $3; exit}'), dnsperf $(dnsperf -h 2>&1 | awk '/^Version/{print $2}')"
  echo "- machine: $(nproc --all) CPUs ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), $(awk '/MemTotal/{printf "%.0f GB", $2/1048576}' /proc/meminfo), Linux $(uname -r)"
  echo "- method: server pinned to CPU $SERVER_CPU (\`taskset -c $SERVER_CPU\`, one worker thread), dnsperf pinned to CPU $CLIENT_CPU (\`taskset -c $CLIENT_CPU dnsperf -c $CLIENTS -T 1\`), loopback;"
  echo "  saturated: \`dnsperf -l $SAT_S\`; fixed rate: \`dnsperf -Q $RATE -l $FIXED_S -v\` with the server's utime+stime"
  echo "  (all its processes, /proc/PID/stat) before and after, divided by the queries completed; p99 from the per-query"
  echo "  latencies of \`-v\`; median of $RUNS run(s); wadns warmed up ${WARM_S} s first, the C servers ${ANCHOR_WARM_S} s."
  echo "- answers: wadns serves the seed zone (\`www\` = two weighted ALIAS groups of 4 addresses); gdnsd the same with"
  echo "  \`DYNA weighted!wwwgroups\` (grouped-single); Knot and NSD a static 4-address \`www\` (endpoint-a)."
  echo "  Note: gdnsd does not follow in-zone CNAMEs (\`ftp\` answers with the CNAME only), the others do."
  [ "$QUICK" = 1 ] && echo "- **--quick run: short durations and one repetition, for smoke testing only; not for comparison.**"
} >"$META"

log "temp dir $TMP; report goes to $OUT"
if [ "$LOADS" = 1 ]; then
  for s in wadns knot gdnsd nsd; do
    has "$SERVERS" "$s" && bench_server "$s"
  done
fi

if [ "$ZONELOAD" = 1 ]; then
  log "== zone load: generating a $ZONE_RECORDS-record zone"
  BIGZONE="$TMP/big.example.zone"
  "${LIB[@]}" big-zone big.example "$ZONE_RECORDS" "$BIGZONE" || die "zone generation failed"
  log "zone file: $(du -m "$BIGZONE" | cut -f1) MB"
  note_load "before zone load"
  for r in $(seq "$RUNS"); do
    for s in wadns nsd knot; do
      has "$ZONELOAD_SERVERS" "$s" && zoneload "$s" "$r"
    done
  done
  echo "- zone load: \`$ZONE_RECORDS\` records, $(du -m "$BIGZONE" | cut -f1) MB of text; start to first answer = from just before the server process is launched (pinned to CPU $SERVER_CPU) to the first answer to \`h0.big.example A\` (UDP probe every 10 ms); memory 1 s later: VmRSS of the largest process, PSS summed over all of the server's processes (NSD forks)" >>"$META"
fi
note_load "at the end"
{
  echo "- load average (\`uptime\`; the machine is shared, so figures may be noisy):"
  printf '  %s\n' "${LOADNOTES[@]}"
} >>"$META"

"${LIB[@]}" report "$RESULTS" "$META" | tee "$OUT"
cp "$RESULTS" "${OUT%.md}.tsv"
log "wrote $OUT (raw figures: ${OUT%.md}.tsv)"
