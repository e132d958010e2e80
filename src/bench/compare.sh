#!/usr/bin/env bash
# wadns against Knot, NSD and gdnsd, side by side, on one machine.
#
#   src/bench/compare.sh                    full run (about an hour)
#   src/bench/compare.sh --quick            smoke test: short runs, 1 repetition, smaller zones
#   src/bench/compare.sh --zoneload-only    only the zone-load parts (start, reload, 10,000 zones)
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
#   - zone load, for wadns (as the README runs it, and with the JVM options of docs/wadns.service), NSD
#     and Knot, each server alone and pinned to CPU 1:
#       simple: a generated 1,000,000-record zone (60% A, 20% AAAA, 10% TXT, 10% MX): process start to
#         the first answer to a probe, and memory (PSS of all the server's processes) at that moment;
#       mixed: the same on a 1,000,000-record zone of a realistic mix (A, AAAA, TXT, MX, CNAME, SRV,
#         delegations with glue, and 1% weighted names: ALIAS records to groups of 2-4 addresses for
#         wadns, the first group's addresses for the anchors), where the probe checks the address; then
#         one name of each kind is asked and checked;
#       reload: the mixed zone served under a steady load (dnsperf at 20,000 qps); a changed version (new
#         serial, a few new values) is renamed over the file and the reload triggered (wadns: SIGHUP; NSD:
#         SIGHUP; Knot: knotc zone-reload): time from the trigger to the first answer with a new value,
#         queries lost, and peak PSS during the reload (sampled every 100 ms);
#       many: 10,000 small zones in one folder (the hosting case): start to the first correct answer
#         from the last zone and to correct answers from every zone, PSS, and the reload after one zone
#         changed (wadns: SIGHUP; NSD: SIGHUP; Knot: knotc reload), under the same steady load; and, as
#         the floor those starts stand on, a start with the last of those zones alone in the folder;
#       transfer: each server as a secondary of a Knot primary (on CPU 0) that serves the mixed zone in the
#         anchors' version (the same bytes for every secondary): start with nothing stored to the first
#         correct answer from the transferred zone, memory then, and one name of each kind checked;
#       tsig (not in the default list): the transfer part with the request and every message of the
#         answer signed with an HMAC-SHA256 key (RFC 8945), as a fleet runs it;
#     every generated zone is checked once by `wadns check` (and a sample of the small zones, and the
#     whole mixed zone, by nsd-checkzone and kzonecheck in the anchors' version);
#   - waits for a quiet machine before each zone-load measurement (1-minute load average below 1.5,
#     for at most 3 minutes) and notes `uptime`;
#   - prints the tables with the ratios wadns/Knot, wadns/gdnsd and wadns/NSD, and writes them (plus the
#     raw figures) to target/bench/compare-<date>.md (and .tsv).
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
#   --zone-records N        size of the simple and mixed zones (default 1000000)
#   --zones-count N         number of small zones of the many-zones part (default 10000)
#   --zoneload-parts LIST   simple,mixed,reload,many,transfer,tsig (default: the first five)
#   --zoneload-servers LIST wadns,wadns-unit,nsd,knot (default: all four; wadns-unit is wadns with the
#                           JVM options of the ExecStart line of docs/wadns.service)
#   --reload-rate QPS       steady load during the reloads (default 20000)
#   --quiet-load X          wait until the 1-minute load average is below X before each zone-load
#                           measurement (default 1.5) ...
#   --quiet-wait S          ... for at most S seconds, then measure anyway and say so (default 180)
#   --no-zoneload           skip the zone-load measurements
#   --zoneload-only         only the zone-load measurements
#   --build                 rebuild wadns first (mvn -q -DskipTests package); by default it is built
#                           only when target/wadns.jar is missing
#   --no-install            do not apt-get install missing tools; fail instead
#   --out FILE              where to write the markdown report (default target/bench/compare-<date>.md)
#   --keep                  keep the temp dir (configs, logs, zones) for inspection
# Environment: WADNS_JAVA_OPTS (extra JVM options for wadns, e.g. "-XX:+UseParallelGC");
#   WADNS_UNIT_JAVA_OPTS (the JVM options of the wadns-unit rows; default: those of docs/wadns.service).

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
ZONES_COUNT=10000
ZONELOAD_PARTS=simple,mixed,reload,many,transfer
XFR_KEY=xfr.bench.   # the TSIG key of the tsig part; its secret is made for the run (XFR_SECRET)
XFR_SECRET=""
ZONELOAD_SERVERS=wadns,wadns-unit,nsd,knot
ZONELOAD=1
RELOAD_RATE=20000
QUIET_LOAD=1.5
QUIET_WAIT=180
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
    --quick) QUICK=1; SAT_S=5; FIXED_S=5; RUNS=1; WARM_S=5; ANCHOR_WARM_S=1; ZONE_RECORDS=200000; ZONES_COUNT=1000 ;;
    --servers) SERVERS=${2:?}; shift ;;
    --workloads) WORKLOADS=${2:?}; shift ;;
    --transports) TRANSPORTS=${2:?}; shift ;;
    --runs) RUNS=${2:?}; shift ;;
    --duration) SAT_S=${2:?}; shift ;;
    --fixed-duration) FIXED_S=${2:?}; shift ;;
    --rate) RATE=${2:?}; shift ;;
    --warmup) WARM_S=${2:?}; shift ;;
    --zone-records) ZONE_RECORDS=${2:?}; shift ;;
    --zones-count) ZONES_COUNT=${2:?}; shift ;;
    --zoneload-parts) ZONELOAD_PARTS=${2:?}; shift ;;
    --zoneload-servers) ZONELOAD_SERVERS=${2:?}; shift ;;
    --reload-rate) RELOAD_RATE=${2:?}; shift ;;
    --quiet-load) QUIET_LOAD=${2:?}; shift ;;
    --quiet-wait) QUIET_WAIT=${2:?}; shift ;;
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
for v in RUNS SAT_S FIXED_S RATE WARM_S ZONE_RECORDS ZONES_COUNT RELOAD_RATE; do
  [[ ${!v} =~ ^[0-9]+$ ]] && [ "${!v}" -gt 0 ] || die "$v must be a positive integer"
done
for s in ${SERVERS//,/ }; do
  case $s in wadns|knot|gdnsd|nsd) ;; *) die "unknown server $s" ;; esac
done
for s in ${ZONELOAD_SERVERS//,/ }; do
  case $s in wadns|wadns-unit|knot|nsd) ;; *) die "unknown zone-load server $s" ;; esac
done
for p in ${ZONELOAD_PARTS//,/ }; do
  case $p in simple|mixed|reload|many|transfer|tsig) ;; *) die "unknown zone-load part $p" ;; esac
done
[[ $QUIET_LOAD =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "--quiet-load must be a number"
[[ $QUIET_WAIT =~ ^[0-9]+$ ]] || die "--quiet-wait must be a number of seconds"
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
  # Only the servers this run starts: the query runs' (unless --zoneload-only) and the zone-load runs'.
  local run_servers=""
  [ "$LOADS" = 1 ] && run_servers="$SERVERS"
  [ "$ZONELOAD" = 1 ] && run_servers="$run_servers,$ZONELOAD_SERVERS"
  [ "$ZONELOAD" = 1 ] && { has "$ZONELOAD_PARTS" transfer || has "$ZONELOAD_PARTS" tsig; } \
    && run_servers="$run_servers,knot"  # the primary
  if has "$run_servers" knot; then command -v knotd >/dev/null || pkgs+=(knot); fi
  if [ "$ZONELOAD" = 1 ]; then command -v kzonecheck >/dev/null || pkgs+=(knot-dnssecutils); fi
  if has "$run_servers" nsd; then command -v nsd >/dev/null || pkgs+=(nsd); fi
  if [ "$LOADS" = 1 ] && has "$SERVERS" gdnsd; then command -v gdnsd >/dev/null || pkgs+=(gdnsd); fi
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
  # as_root is a function: timeout runs inside it, never the other way round (timeout execs a program).
  as_root timeout 900 apt-get install -y "${pkgs[@]}" >"$TMP/apt.log" 2>&1 \
    || { as_root timeout 600 apt-get update >>"$TMP/apt.log" 2>&1 && as_root timeout 900 apt-get install -y "${pkgs[@]}" >>"$TMP/apt.log" 2>&1; } \
    || { tail -20 "$TMP/apt.log" >&2; die "apt-get install ${pkgs[*]} failed"; }
}
install_missing
command -v java >/dev/null || die "java (17 or later) is needed for wadns"
PY=$(python3 -c "import sys; print(sys.executable)") || die "python3 does not run"
LIB=("$PY" "$HERE/benchlib.py")

if has "$SERVERS,$ZONELOAD_SERVERS" wadns || has "$ZONELOAD_SERVERS" wadns-unit; then
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
# The JVM options of the shipped systemd unit: its JAVA_OPTS, then what else stands between `java` and `-jar`
# on its ExecStart line (continuation lines joined).
unit_opts() {
  local unit=$REPO/docs/wadns.service env exec
  env=$(sed -n 's#^Environment="JAVA_OPTS=\(.*\)"$#\1#p' "$unit")
  exec=$(sed -e ':a' -e '/\\$/N; s/\\\n//; ta' "$unit" | sed -n 's#^ExecStart=[^ ]*java \(.*\) -jar .*#\1#p')
  echo "${exec//\$JAVA_OPTS/$env}" | tr -s ' '
}
UNIT_OPTS=${WADNS_UNIT_JAVA_OPTS-$(unit_opts)}
# Files the unit names where docs/operations.md installs them: here, the repository's copies. The class-data
# archive of the unit's cache directory is one per kind of zone set here, made as the unit's ExecStartPre
# makes it (start_server).
UNIT_OPTS=${UNIT_OPTS//\/opt\/wadns\/compiler-directives.json/"$REPO/docs/compiler-directives.json"}
UNIT_OPTS=${UNIT_OPTS//\/opt\/wadns\/compile-commands.txt/"$REPO/docs/compile-commands.txt"}
UNIT_ARCHIVE=/var/cache/wadns/wadns.jsa

# ------------------------------------------------------------------------------------------ servers

# start_server NAME KIND: KIND seed (the seed example), big (the simple zone-load zone), mixed (the realistic
# mix), many (the small zones), one (the last of the small zones alone) or secondary (the mixed zone,
# transferred from the primary at PRIMARY_PORT). Sets SPID (the server's process id), SPORT, SDIR, SCONF (the
# anchor's configuration) and SSTART (epoch time just before the launch). Does not wait for readiness.
# The mixed and many zones (and the one zone) are copied into SDIR, so that a reload can change them.
start_server() {
  local name=$1 kind=$2 origin zonesrc opts=""
  SPORT=$("${LIB[@]}" freeport) || die "no free port"
  SDIR=$(mktemp -d "$TMP/$name-$kind.XXXX")
  SCONF=""
  case $kind in seed) origin=example.com ;; big) origin=big.example ;; mixed|secondary) origin=mixed.example ;; many|one) origin="" ;; esac
  case $name in
    wadns|wadns-unit)
      mkdir -p "$SDIR/zones"
      case $kind in
        seed) cp "$SEED" "$SDIR/zones/example.com.zone" ;;
        big) ln -s "$BIGZONE" "$SDIR/zones/big.example.zone" ;;
        mixed) cp "$MIXDIR/wadns.zone" "$SDIR/zones/mixed.example.zone" ;;
        many) cp -r "$MANYDIR/wadns/." "$SDIR/zones/" ;;
        one) cp "$MANYDIR/wadns/$ONE_ZONE.zone" "$SDIR/zones/" ;;
        secondary)
          if [ -n "$XFR_SECRET" ]; then
            printf 'zones: zones\ntsig:\n  - {name: %s, algorithm: hmac-sha256, secret: "%s"}\nsecondary:\n  store: store\n  zones:\n    - {name: %s., primaries: ["127.0.0.1:%s"], tsig: %s}\n' \
              "$XFR_KEY" "$XFR_SECRET" "$origin" "$PRIMARY_PORT" "$XFR_KEY" >"$SDIR/wadns.yaml"
          else
            printf 'zones: zones\nsecondary:\n  store: store\n  zones:\n    - {name: %s., primaries: ["127.0.0.1:%s"]}\n' \
              "$origin" "$PRIMARY_PORT" >"$SDIR/wadns.yaml"
          fi ;;
      esac
      local archive="" base="" source=(--zones "$SDIR/zones")
      if [ "$name" = wadns ]; then opts=${WADNS_JAVA_OPTS:-}; else opts=$UNIT_OPTS; fi
      # A secondary's zone files folder is empty; the unit's archive script trains on it all the same (the
      # classes of a start up to the zone files), as the unit's ExecStartPre does on such a server.
      [ "$kind" = secondary ] && source=(--config "$SDIR/wadns.yaml")
      if [ "$name" = wadns-unit ] && [[ " $opts" == *" -XX:SharedArchiveFile=$UNIT_ARCHIVE"* ]]; then
        # The unit's ExecStartPre, with the unit's JAVA_OPTS: the first start of each kind makes the archive
        # (as the first start after an upgrade does); the timed start below runs the script again, as every
        # start of the unit does, and it finds the archive fresh.
        archive=$TMP/cds-$kind.jsa
        opts=${opts//$UNIT_ARCHIVE/$archive}
        base=$(sed 's/ *-XX:SharedArchiveFile=[^ ]*//' <<<"$opts")
        # shellcheck disable=SC2086
        "$REPO/docs/wadns-class-archive.sh" "$archive" "$JAR" "$SDIR/zones" $base 2>>"$TMP/cds.log"
      fi
      SSTART=$(date +%s.%N)
      # shellcheck disable=SC2086
      [ -z "$archive" ] || "$REPO/docs/wadns-class-archive.sh" "$archive" "$JAR" "$SDIR/zones" $base 2>>"$TMP/cds.log"
      # shellcheck disable=SC2086
      taskset -c $SERVER_CPU java $opts -jar "$JAR" serve "${source[@]}" \
        --listen "127.0.0.1:$SPORT" --threads 1 >"$SDIR/out.log" 2>&1 &
      ;;
    knot|nsd)
      case $kind in
        seed) zonesrc="$SDIR/$origin.zone"; "${LIB[@]}" anchor-zone static "$SEED" "$zonesrc" || die "anchor zone" ;;
        big) zonesrc="$BIGZONE" ;;
        mixed) zonesrc="$SDIR/$origin.zone"; cp "$MIXDIR/anchor.zone" "$zonesrc" ;;
        many) mkdir -p "$SDIR/zones"; cp -r "$MANYDIR/anchor/." "$SDIR/zones/" ;;
        one) mkdir -p "$SDIR/zones"; cp "$MANYDIR/anchor/$ONE_ZONE.zone" "$SDIR/zones/" ;;
        secondary) zonesrc="$SDIR/$origin.zone" ;;  # written by the server from the transfer
      esac
      local user=""; [ "$(id -u)" = 0 ] && user="user: root"
      SCONF="$SDIR/$name.conf"
      if [ "$kind" = secondary ]; then
        # The template's server part, and the zone as a secondary of the primary.
        sed -e "s#@PORT@#$SPORT#g; s#@DIR@#$SDIR#g; s#@USER@#$user#g" -e '/^zone:/,$d' \
          "$HERE/anchors/$name.conf.in" >"$SCONF"
        if [ $name = knot ]; then
          local remote_key=""
          if [ -n "$XFR_SECRET" ]; then
            printf 'key:\n  - id: %s\n    algorithm: hmac-sha256\n    secret: %s\n' "$XFR_KEY" "$XFR_SECRET" >>"$SCONF"
            remote_key="    key: $XFR_KEY\n"
          fi
          printf "remote:\n  - id: primary\n    address: 127.0.0.1@%s\n${remote_key}zone:\n  - domain: %s\n    file: %s\n    master: primary\n    journal-content: none\n    zonefile-sync: -1\n" \
            "$PRIMARY_PORT" "$origin" "$zonesrc" >>"$SCONF"
        else
          local nsd_key=NOKEY
          if [ -n "$XFR_SECRET" ]; then
            printf 'key:\n    name: "%s"\n    algorithm: hmac-sha256\n    secret: "%s"\n' "$XFR_KEY" "$XFR_SECRET" >>"$SCONF"
            nsd_key=$XFR_KEY
          fi
          printf 'zone:\n    name: "%s"\n    zonefile: "%s"\n    request-xfr: AXFR 127.0.0.1@%s %s\n    allow-notify: 127.0.0.1 %s\n' \
            "$origin" "$zonesrc" "$PRIMARY_PORT" "$nsd_key" "$nsd_key" >>"$SCONF"
        fi
      elif [ "$kind" = many ] || [ "$kind" = one ]; then
        # One zone entry per zone, after the template's server part.
        local listed=$MANYDIR/zones.txt
        [ "$kind" = one ] && { echo "$ONE_ZONE" >"$SDIR/zones.txt"; listed=$SDIR/zones.txt; }
        sed -e "s#@PORT@#$SPORT#g; s#@DIR@#$SDIR#g; s#@USER@#$user#g" -e '/^zone:/,$d' \
          "$HERE/anchors/$name.conf.in" >"$SCONF"
        if [ $name = knot ]; then
          printf 'template:\n  - id: default\n    storage: %s/zones\n    file: "%%s.zone"\n    zonefile-load: whole\n    journal-content: none\n    zonefile-sync: -1\nzone:\n' \
            "$SDIR" >>"$SCONF"
          sed 's/^/  - domain: /' "$listed" >>"$SCONF"
        else
          awk -v d="$SDIR/zones" '{ printf "zone:\n    name: \"%s\"\n    zonefile: \"%s/%s.zone\"\n", $1, d, $1 }' \
            "$listed" >>"$SCONF"
        fi
      else
        sed -e "s#@PORT@#$SPORT#g; s#@DIR@#$SDIR#g; s#@ORIGIN@#$origin#g; s#@ZONEFILE@#$zonesrc#g; s#@USER@#$user#g" \
          "$HERE/anchors/$name.conf.in" >"$SCONF"
      fi
      SSTART=$(date +%s.%N)
      if [ $name = knot ]; then
        taskset -c $SERVER_CPU knotd -c "$SCONF" >"$SDIR/out.log" 2>&1 &
      else
        taskset -c $SERVER_CPU nsd -d -c "$SCONF" >"$SDIR/out.log" 2>&1 &
      fi
      ;;
    gdnsd)
      [ "$kind" = seed ] || die "gdnsd takes no part in the zone-load measurements"
      mkdir -p "$SDIR/zones" "$SDIR/run" "$SDIR/state"
      "${LIB[@]}" anchor-zone gdnsd "$SEED" "$SDIR/zones/example.com" || die "anchor zone"
      sed -e "s#@PORT@#$SPORT#g; s#@DIR@#$SDIR#g" "$HERE/anchors/gdnsd.config.in" >"$SDIR/config"
      SSTART=$(date +%s.%N)
      taskset -c $SERVER_CPU gdnsd -c "$SDIR" -l start >"$SDIR/out.log" 2>&1 &
      ;;
  esac
  SPID=$!
  SPINNED=""
  STARTED+=("$SPID")
}

# Every thread of the server back on the server's CPU: Knot places its UDP worker itself (worker i on CPU
# i modulo the online CPUs), which put it on the load generator's CPU, where it shared the CPU with dnsperf
# and read bigger batches at less CPU per query than on a CPU of its own. Logged when it moved a thread.
pin_server() {
  local moved
  [ -z "$SPINNED" ] || return 0    # once per start: not again while dnsperf runs (a reload's wait)
  SPINNED=1
  moved=$(taskset -c $CLIENT_CPU "${LIB[@]}" pin "$SPID" "$SERVER_CPU") || return 0
  [ "${moved%% *}" = 0 ] || log "  moved to CPU $SERVER_CPU: ${moved#* } (threads of pid $SPID that had left it)"
}

wait_ready() {      # wait_ready NAME TYPE TIMEOUT [EXPECT]: first (correct) answer; prints its epoch time
  local t
  if t=$(taskset -c $CLIENT_CPU "${LIB[@]}" probe "$SPORT" "$@"); then pin_server; echo "$t"; return 0; fi
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

# ------------------------------------------------------------------------------------------ zone load

# wait_quiet WHAT: wait (at most QUIET_WAIT s) for a 1-minute load average below QUIET_LOAD, then note it.
wait_quiet() {
  local waited=0 l
  while :; do
    l=$(cut -d' ' -f1 /proc/loadavg)
    if "$PY" -c "import sys; sys.exit(0 if $l < $QUIET_LOAD else 1)"; then break; fi
    if [ "$waited" -ge "$QUIET_WAIT" ]; then
      log "  load average $l after waiting ${waited} s: measuring anyway"
      note_load "$1 (still busy after waiting ${waited} s)"
      return 0
    fi
    [ "$waited" = 0 ] && log "  load average $l: waiting for it to fall below $QUIET_LOAD (at most ${QUIET_WAIT} s)"
    sleep 15; waited=$((waited + 15))
  done
  note_load "$1$([ "$waited" -gt 0 ] && echo " (after waiting ${waited} s)")"
}

# Sample the memory of the server's process tree every 100 ms (on the client CPU) into SDIR/mem.txt.
start_memwatch() {
  taskset -c $CLIENT_CPU "${LIB[@]}" memwatch "$SPID" 100 "$SDIR/mem.txt" &
  MEMWATCH=$!
}
stop_memwatch() { kill "$MEMWATCH" 2>/dev/null; wait "$MEMWATCH" 2>/dev/null; }
kb_mb() { calc "round($1/1024.0,1)"; }

server_log() {      # the server's own log, for a failure report
  tail -20 "$SDIR/out.log" >&2
  [ -f "$SDIR/nsd.log" ] && tail -20 "$SDIR/nsd.log" >&2
  return 0
}

# zoneload PART NAME RUN: start NAME on the zone of PART (simple: big, mixed: mixed, many: many, manyone:
# one), time the first correct answer, and note PSS then and the peak PSS while loading. Leaves the server
# running.
zl_start() {
  local part=$1 name=$2 r=$3 kind t1 m pk probes
  case $part in simple) kind=big ;; mixed) kind=mixed; probes=$MIXDIR/probes.json ;; many) kind=many; probes=$MANYDIR/probes.json ;;
    manyone) kind=one; probes=$MANYDIR/probes.json ;; transfer|tsig) kind=secondary; probes=$MIXDIR/probes.json ;; esac
  start_server "$name" "$kind"
  start_memwatch
  if [ "$part" = simple ]; then
    t1=$(wait_ready h0.big.example A 600) || { log "  $name: no answer within 600 s"; server_log; stop_memwatch; return 1; }
  else
    # shellcheck disable=SC2046
    t1=$(wait_ready $(probe_field "$probes" first name type) 600 "$(probe_field "$probes" first expect)") \
      || { log "  $name: no correct answer within 600 s"; server_log; stop_memwatch; return 1; }
  fi
  m=$("${LIB[@]}" mem "$SPID")
  pk=$("${LIB[@]}" peak "$SDIR/mem.txt" "$SSTART" "$t1")
  record "$part" "$name" "$ZL_SIZE" first_answer_s "$r" "$(calc "$t1-$SSTART")"
  record "$part" "$name" "$ZL_SIZE" rss_mb "$r" "$(kb_mb "${m% *}")"
  record "$part" "$name" "$ZL_SIZE" pss_mb "$r" "$(kb_mb "${m#* }")"
  record "$part" "$name" "$ZL_SIZE" load_peak_pss_mb "$r" "$(kb_mb "$(cut -d' ' -f2 <<<"$pk")")"
  log "  $name $part run $r: first correct answer after $(calc "round($t1-$SSTART,2)") s; VmRSS/PSS kB then: $m; peak while loading (rss pss samples): $pk"
  if [ "$part" = many ]; then
    local t2
    if t2=$(taskset -c $CLIENT_CPU "${LIB[@]}" probe-all "$SPORT" "$probes" all 600); then
      record "$part" "$name" "$ZL_SIZE" all_answer_s "$r" "$(calc "$t2-$SSTART")"
      record "$part" "$name" "$ZL_SIZE" all_pss_mb "$r" "$(kb_mb "$("${LIB[@]}" mem "$SPID" | cut -d' ' -f2)")"
      log "  $name $part run $r: every zone answered correctly after $(calc "round($t2-$SSTART,2)") s"
    else
      log "  $name $part run $r: not every zone answered correctly"; server_log
    fi
  fi
  # The many zones' checks ask names in other zones: a server of the last zone alone is checked by its first
  # probe only.
  if [ "$part" != simple ] && [ "$part" != manyone ] \
    && ! taskset -c $CLIENT_CPU "${LIB[@]}" verify "$SPORT" "$probes" >"$SDIR/verify.txt" 2>&1; then
    log "  $name $part: wrong answers (the zone's checks):"; cat "$SDIR/verify.txt" >&2
    record "$part" "$name" "$ZL_SIZE" wrong_answers "$r" "$(wc -l <"$SDIR/verify.txt")"
  fi
  return 0
}

probe_field() {     # probe_field PROBES KEY FIELD...: the fields of one probe of probes.json
  "$PY" -c 'import json, sys; p = json.load(open(sys.argv[1]))[sys.argv[2]]; print(" ".join(p[f] for f in sys.argv[3:]))' "$@"
}

zoneload() {        # zoneload PART NAME RUN: start, measure, stop
  local part=$1 name=$2 r=$3
  wait_quiet "before $name, $part zone load, run $r"
  zl_start "$part" "$name" "$r"
  stop_memwatch
  stop_server
}

# reload PART NAME: serve the mixed zone (PART reload) or the many zones (PART many), put a steady load on
# the server, rename a changed zone file over the old one, trigger the reload, and measure the time until
# the changed record answers with its new value, queries lost, and the peak PSS from the trigger until
# 3 s after that answer.
reload_run() {
  local part=$1 name=$2 r=$3 zpart probes changed t0 t1 m pk p qfile rpart origin dest
  if [ "$part" = reload ]; then zpart=mixed; probes=$MIXDIR/probes.json; else zpart=many; probes=$MANYDIR/probes.json; fi
  rpart=${part/many/manyreload}
  wait_quiet "before $name, $rpart, run $r"
  zl_start "$zpart" "$name" "$r" || { stop_memwatch; stop_server; return 1; }
  sleep 2
  m=$("${LIB[@]}" mem "$SPID")
  record "$rpart" "$name" "$ZL_SIZE" steady_pss_mb "$r" "$(kb_mb "${m#* }")"
  qfile=$([ "$zpart" = mixed ] && echo "$MIXDIR/queries.txt" || echo "$MANYDIR/queries.txt")
  # Up to 2,000 queries outstanding, so that a pause in the server does not slow the offered load down, and
  # a socket buffer of 4 MB (as the servers have; the default is 208 KB): a server that catches up after a
  # pause sends its replies in a burst, and with the default buffer dnsperf itself dropped thousands of them
  # and counted them lost (the drops were on its socket in /proc/net/udp, none on the server's).
  taskset -c $CLIENT_CPU dnsperf -b 4096 -s 127.0.0.1 -p "$SPORT" -d "$qfile" -l 900 -Q "$RELOAD_RATE" -q 2000 -c $CLIENTS -T 1 \
    >"$SDIR/dnsperf.txt" 2>&1 &
  local dp=$!
  sleep 3
  # The changed zone, written beside the served file under a name no server reads, and renamed over it.
  if [ "$zpart" = mixed ]; then
    origin=mixed.example
    case $name in wadns*) changed=$MIXDIR/changed/wadns.zone; dest=$SDIR/zones/$origin.zone ;;
                  *) changed=$MIXDIR/changed/anchor.zone; dest=$SDIR/$origin.zone ;; esac
  else
    origin=$(probe_field "$probes" changed zone)
    case $name in wadns*) changed=$MANYDIR/changed/wadns/$origin.zone ;; *) changed=$MANYDIR/changed/anchor/$origin.zone ;; esac
    dest=$SDIR/zones/$origin.zone
  fi
  cp "$changed" "$(dirname "$dest")/.changed.tmp" && mv -f "$(dirname "$dest")/.changed.tmp" "$dest"
  t0=$(date +%s.%N)
  case $name in
    wadns*|nsd) kill -HUP "$SPID" ;;
    knot) if [ "$zpart" = mixed ]; then knotc -c "$SCONF" zone-reload "$origin" >"$SDIR/knotc.txt" 2>&1
          else knotc -c "$SCONF" reload >"$SDIR/knotc.txt" 2>&1; fi ;;
  esac
  # shellcheck disable=SC2046
  if t1=$(wait_ready $(probe_field "$probes" changed name type) 600 "$(probe_field "$probes" changed new)"); then
    sleep 3
    local drops
    drops=$(server_drops)
    kill -INT "$dp" 2>/dev/null; wait "$dp" 2>/dev/null
    p=$(parse "$SDIR/dnsperf.txt")
    pk=$("${LIB[@]}" peak "$SDIR/mem.txt" "$t0" "$(calc "$t1+3")")
    record "$rpart" "$name" "$ZL_SIZE" reload_s "$r" "$(calc "$t1-$t0")"
    record "$rpart" "$name" "$ZL_SIZE" lost "$r" "$(val lost "$p")"
    record "$rpart" "$name" "$ZL_SIZE" server_drops "$r" "$drops"
    record "$rpart" "$name" "$ZL_SIZE" sent "$r" "$(val sent "$p")"
    record "$rpart" "$name" "$ZL_SIZE" qps "$r" "$(val qps "$p")"
    record "$rpart" "$name" "$ZL_SIZE" peak_pss_mb "$r" "$(kb_mb "$(cut -d' ' -f2 <<<"$pk")")"
    log "  $name $rpart run $r: new value answered $(calc "round($t1-$t0,2)") s after the trigger; lost $(val lost "$p") of $(val sent "$p") queries ($(val rcodes "$p")), $drops dropped by the server's sockets; steady PSS $(kb_mb "${m#* }") MB, peak (rss pss samples) $pk"
    if ! taskset -c $CLIENT_CPU "${LIB[@]}" verify "$SPORT" "$probes" >"$SDIR/verify.txt" 2>&1; then
      log "  $name $rpart: wrong answers after the reload:"; cat "$SDIR/verify.txt" >&2
    fi
  else
    kill -INT "$dp" 2>/dev/null; wait "$dp" 2>/dev/null
    log "  $name $rpart run $r: the new value was not answered within 600 s"; server_log
    [ -f "$SDIR/knotc.txt" ] && cat "$SDIR/knotc.txt" >&2
  fi
  stop_memwatch
  stop_server
}

# server_drops: datagrams the kernel dropped on the server's UDP sockets (its port, IPv4 and IPv6) for want
# of buffer space, from the last column of /proc/net/udp: queries lost on the server's side.
server_drops() {
  local hex
  hex=$(printf '%04X' "$SPORT")
  awk -v p=":$hex" '$2 ~ p"$" {s += $NF} END {print s + 0}' /proc/net/udp /proc/net/udp6 2>/dev/null
}

# start_primary: Knot on the client's CPU serving the anchors' mixed zone to the secondaries, at PRIMARY_PORT.
start_primary() {
  local dir user=""
  [ "$(id -u)" = 0 ] && user="user: root"
  dir=$(mktemp -d "$TMP/primary.XXXX")
  PRIMARY_PORT=$("${LIB[@]}" freeport) || die "no free port"
  cp "$MIXDIR/anchor.zone" "$dir/mixed.example.zone"
  sed -e "s#@PORT@#$PRIMARY_PORT#g; s#@DIR@#$dir#g; s#@ORIGIN@#mixed.example#g; s#@ZONEFILE@#$dir/mixed.example.zone#g; s#@USER@#$user#g" \
    "$HERE/anchors/knot.conf.in" >"$dir/knot.conf"
  # An access list for the secondaries on loopback, declared before the zone that refers to it.
  sed -i -e 's#^zone:#acl:\n  - id: secondaries\n    address: 127.0.0.0/8\n    action: transfer\nzone:#' \
    -e 's#^    zonefile-sync: -1#    zonefile-sync: -1\n    acl: secondaries#' "$dir/knot.conf"
  if [ -n "$XFR_SECRET" ]; then # transfers to the key only, every message signed
    sed -i -e "s#^acl:#key:\n  - id: $XFR_KEY\n    algorithm: hmac-sha256\n    secret: $XFR_SECRET\nacl:#" \
      -e "s#^    action: transfer#    action: transfer\n    key: $XFR_KEY#" "$dir/knot.conf"
  fi
  taskset -c $CLIENT_CPU knotd -c "$dir/knot.conf" >"$dir/out.log" 2>&1 &
  PRIMARY_PID=$!
  STARTED+=("$PRIMARY_PID")
  local i
  for i in $(seq 600); do
    dig +short +time=1 +tries=1 -p "$PRIMARY_PORT" @127.0.0.1 mixed.example SOA 2>/dev/null | grep -q . && return 0
    kill -0 "$PRIMARY_PID" 2>/dev/null || break
    sleep 0.2
  done
  tail -20 "$dir/out.log" >&2
  die "the Knot primary did not serve the mixed zone"
}
stop_primary() {
  local p keep=()
  kill "$PRIMARY_PID" 2>/dev/null; wait "$PRIMARY_PID" 2>/dev/null
  for p in "${STARTED[@]}"; do [ "$p" = "$PRIMARY_PID" ] || keep+=("$p"); done
  STARTED=("${keep[@]}")
}

# check_zones: every generated zone through `wadns check`, and the anchors' versions through nsd-checkzone
# and kzonecheck (the mixed zone whole; of the small zones, every 100th and every weighted one of those).
check_zones() {
  local dir=$1 kind=$2 z n=0 bad=0 sample
  log "  checking the $kind zones: wadns check, nsd-checkzone, kzonecheck"
  mkdir -p "$TMP/check"
  if [ "$kind" = mixed ]; then
    rm -rf "$TMP/check/wadns"; mkdir -p "$TMP/check/wadns"; ln -s "$dir/wadns.zone" "$TMP/check/wadns/mixed.example.zone"
    java -jar "$JAR" check --zones "$TMP/check/wadns" >"$TMP/check/wadns.txt" 2>&1 || { cat "$TMP/check/wadns.txt" >&2; die "wadns check refused the mixed zone"; }
    nsd-checkzone mixed.example "$dir/anchor.zone" >"$TMP/check/nsd.txt" 2>&1 || { cat "$TMP/check/nsd.txt" >&2; die "nsd-checkzone refused the mixed zone"; }
    kzonecheck -o mixed.example "$dir/anchor.zone" >"$TMP/check/knot.txt" 2>&1 || { cat "$TMP/check/knot.txt" >&2; die "kzonecheck refused the mixed zone"; }
    log "  $(tail -1 "$TMP/check/wadns.txt"); $(tail -1 "$TMP/check/nsd.txt"); kzonecheck: no error"
  else
    java -jar "$JAR" check --zones "$dir/wadns" >"$TMP/check/wadns.txt" 2>&1 || { grep -v ': ok$' "$TMP/check/wadns.txt" | head >&2; die "wadns check refused small zones"; }
    log "  wadns check: $(grep -c ': ok$' "$TMP/check/wadns.txt") zones ok"
    sample=$(awk 'NR % 100 == 1 || NR % 33 == 8' "$dir/zones.txt" | awk 'NR <= 200')
    for z in $sample; do
      nsd-checkzone "$z" "$dir/anchor/$z.zone" >/dev/null 2>&1 || { nsd-checkzone "$z" "$dir/anchor/$z.zone" >&2; bad=1; }
      kzonecheck -o "$z" "$dir/anchor/$z.zone" >/dev/null 2>&1 || { kzonecheck -o "$z" "$dir/anchor/$z.zone" >&2; bad=1; }
      n=$((n + 1))
    done
    [ "$bad" = 0 ] || die "the anchors' checkers refused small zones"
    log "  nsd-checkzone and kzonecheck: $n of the anchors' small zones ok"
  fi
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
  echo "- method: server pinned to CPU $SERVER_CPU (\`taskset -c $SERVER_CPU\`, and every thread put back there once it answers: Knot moves its UDP worker to CPU 0), one worker thread, dnsperf pinned to CPU $CLIENT_CPU (\`taskset -c $CLIENT_CPU dnsperf -c $CLIENTS -T 1\`), loopback;"
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

zl_servers() { local s; for s in wadns wadns-unit nsd knot; do has "$ZONELOAD_SERVERS" "$s" && echo "$s"; done; }

if [ "$ZONELOAD" = 1 ]; then
  ZL_SIZE=$ZONE_RECORDS
  if has "$ZONELOAD_PARTS" simple; then
    log "== zone load, simple mix: generating a $ZONE_RECORDS-record zone"
    BIGZONE="$TMP/big.example.zone"
    "${LIB[@]}" big-zone big.example "$ZONE_RECORDS" "$BIGZONE" || die "zone generation failed"
    log "zone file: $(du -m "$BIGZONE" | cut -f1) MB"
    for r in $(seq "$RUNS"); do
      for s in $(zl_servers); do zoneload simple "$s" "$r"; done
    done
    echo "- zone load, simple mix: $ZONE_RECORDS records, $(du -m "$BIGZONE" | cut -f1) MB of text; start to first answer = from just before the server process is launched (pinned to CPU $SERVER_CPU) to the first answer to \`h0.big.example A\` (UDP probe every 10 ms, on CPU $CLIENT_CPU); memory at that moment: VmRSS of the largest process, PSS summed over all of the server's processes (NSD forks); peak PSS while loading sampled every 100 ms" >>"$META"
    rm -f "$BIGZONE"
  fi
  if has "$ZONELOAD_PARTS" mixed || has "$ZONELOAD_PARTS" reload || has "$ZONELOAD_PARTS" transfer \
      || has "$ZONELOAD_PARTS" tsig; then
    log "== zone load, realistic mix: generating a $ZONE_RECORDS-record zone and its changed version"
    MIXDIR="$TMP/mixed"
    "${LIB[@]}" mixed-zone mixed.example "$ZONE_RECORDS" "$MIXDIR" && "${LIB[@]}" mixed-zone mixed.example "$ZONE_RECORDS" "$MIXDIR/changed" 1 \
      || die "zone generation failed"
    log "zone files: wadns $(du -m "$MIXDIR/wadns.zone" | cut -f1) MB, anchors $(du -m "$MIXDIR/anchor.zone" | cut -f1) MB"
    check_zones "$MIXDIR" mixed
    # The reload runs start each server on the mixed zone first, and measure that start as the mixed part.
    if has "$ZONELOAD_PARTS" mixed && ! has "$ZONELOAD_PARTS" reload; then
      for r in $(seq "$RUNS"); do
        for s in $(zl_servers); do zoneload mixed "$s" "$r"; done
      done
    fi
    if has "$ZONELOAD_PARTS" reload; then
      for r in $(seq "$RUNS"); do
        for s in $(zl_servers); do reload_run reload "$s" "$r"; done
      done
    fi
    if has "$ZONELOAD_PARTS" transfer; then
      log "== secondary: the mixed zone transferred whole from a Knot primary"
      start_primary
      for r in $(seq "$RUNS"); do
        for s in $(zl_servers); do zoneload transfer "$s" "$r"; done
      done
      stop_primary
      echo "- secondary: Knot serves the anchors' version of the mixed zone ($(du -m "$MIXDIR/anchor.zone" | cut -f1) MB of text, static addresses) as primary, pinned to CPU $CLIENT_CPU; each server starts pinned to CPU $SERVER_CPU with the zone configured as a secondary of it and nothing stored (wadns: \`serve --config\` with a \`secondary:\` section and an empty zone-file folder, which the unit's class-data archive script trains on; NSD: \`request-xfr: AXFR\`; Knot: \`master:\`), and transfers it whole; start to first correct answer = from just before the launch to the first answer to \`$(probe_field "$MIXDIR/probes.json" first name type)\` with $(probe_field "$MIXDIR/probes.json" first expect); then one name of each kind is asked and checked" >>"$META"
    fi
    if has "$ZONELOAD_PARTS" tsig; then
      log "== secondary: the mixed zone transferred whole from a Knot primary, signed with TSIG"
      XFR_SECRET=$("$PY" -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())')
      start_primary
      for r in $(seq "$RUNS"); do
        for s in $(zl_servers); do zoneload tsig "$s" "$r"; done
      done
      stop_primary
      XFR_SECRET=""
      echo "- secondary under TSIG: as the secondary part, with the request and every message of the answer signed with a key of HMAC-SHA256 (RFC 8945; made for the run, 32 random octets), which Knot requires of its secondaries and each secondary checks (wadns: \`tsig:\` and the zone's \`tsig\`; NSD: \`request-xfr: AXFR ... $XFR_KEY\`; Knot: the remote's \`key\`)" >>"$META"
    fi
    echo "- zone load, realistic mix: $ZONE_RECORDS records, $(du -m "$MIXDIR/wadns.zone" | cut -f1) MB of text ($(grep -c ' ALIAS ' "$MIXDIR/wadns.zone") ALIAS records at $(grep ' ALIAS ' "$MIXDIR/wadns.zone" | cut -d' ' -f1 | sort -u | wc -l) weighted names for wadns, static addresses in their place for the anchors); checked by \`wadns check\`, nsd-checkzone and kzonecheck; the probe is \`$(probe_field "$MIXDIR/probes.json" first name type)\` and must hold $(probe_field "$MIXDIR/probes.json" first expect); after it, one name of each kind is asked and checked" >>"$META"
    echo "- reload: the server holds the mixed zone and answers \`dnsperf -Q $RELOAD_RATE\` (names of every kind, 10% NXDOMAIN) throughout; the changed zone (serial 2, 10 A and 10 TXT records with new values) is copied beside the served file and renamed over it, then the reload is triggered (wadns: SIGHUP; NSD: SIGHUP, as \`nsd-control reload\`; Knot: \`knotc zone-reload\`); reload time = trigger to the first answer of \`$(probe_field "$MIXDIR/probes.json" changed name type)\` with its new value (probe every 10 ms); lost = dnsperf's lost queries over the whole run (dnsperf with a 4 MB socket buffer, \`-b 4096\`, so that a burst of replies is not dropped on its side); peak PSS from the trigger to 3 s after that answer, sampled every 100 ms, against the steady PSS 2 s before the load started" >>"$META"
    rm -rf "$MIXDIR"
  fi
  if has "$ZONELOAD_PARTS" many; then
    ZL_SIZE=$ZONES_COUNT
    log "== zone load, $ZONES_COUNT small zones: generating them"
    MANYDIR="$TMP/many"
    "${LIB[@]}" many-zones "$ZONES_COUNT" "$MANYDIR" || die "zone generation failed"
    mkdir -p "$MANYDIR/changed"
    "${LIB[@]}" many-zones "$ZONES_COUNT" "$MANYDIR/changed" "$(probe_field "$MANYDIR/probes.json" changed zone)" || die "zone generation failed"
    check_zones "$MANYDIR" many
    # The zone of the first probe (mail.<the last zone>.), which the one-zone start serves alone.
    ONE_ZONE=$(probe_field "$MANYDIR/probes.json" first name)
    ONE_ZONE=${ONE_ZONE#*.}
    ONE_ZONE=${ONE_ZONE%.}
    for r in $(seq "$RUNS"); do
      for s in $(zl_servers); do reload_run many "$s" "$r"; done
    done
    ZL_SIZE=1
    for r in $(seq "$RUNS"); do
      for s in $(zl_servers); do zoneload manyone "$s" "$r"; done
    done
    echo "- $ZONES_COUNT small zones in one folder, one file each ($(du -sm "$MANYDIR/wadns" | cut -f1) MB; 9-14 records each, a weighted \`www\` in one zone of 33 for wadns, static for the anchors; NSD and Knot get one configuration entry per zone): start to the first correct answer from the last zone (\`$(probe_field "$MANYDIR/probes.json" first name type)\`) and to a correct answer from every zone (\`mail.<zone> A\` of all of them); reload after one zone changed (serial 2, \`mail\` with a new address), triggered for all zones (wadns and NSD: SIGHUP; Knot: \`knotc reload\`), under the same steady load as above; and a start with the last of those zones alone (its file alone in the folder, or one configuration entry), to the same first answer: what a start costs before the zones' number counts" >>"$META"
    rm -rf "$MANYDIR"
  fi
  [ -n "$UNIT_OPTS" ] && has "$ZONELOAD_SERVERS" wadns-unit && echo "- wadns-unit: wadns with the JVM options \`$UNIT_OPTS\`$([ -n "${WADNS_UNIT_JAVA_OPTS+x}" ] && echo " (WADNS_UNIT_JAVA_OPTS)" || echo " (ExecStart of docs/wadns.service)")$([[ "$UNIT_OPTS" == *"$UNIT_ARCHIVE"* ]] && echo "; the class-data archive made by docs/wadns-class-archive.sh on the first start of each zone set (untimed, as after an upgrade), checked by it again within every timed start")" >>"$META"
fi
note_load "at the end"
{
  echo "- load average (\`uptime\`; the machine is shared, so figures may be noisy):"
  printf '  %s\n' "${LOADNOTES[@]}"
} >>"$META"

"${LIB[@]}" report "$RESULTS" "$META" | tee "$OUT"
cp "$RESULTS" "${OUT%.md}.tsv"
log "wrote $OUT (raw figures: ${OUT%.md}.tsv)"
