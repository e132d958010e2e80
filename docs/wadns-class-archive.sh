#!/bin/sh
# Keeps a class-data archive (JDK CDS, JEP 350) for the installed wadns jar and JVM, so that every start
# after the first maps the classes the zone loader and the server use instead of parsing and verifying them
# again (about a second of CPU less per start: docs/performance.md). The unit runs it before each start:
#
#   wadns-class-archive.sh ARCHIVE JAR ZONES [JVM OPTION...]
#
# ARCHIVE is made again only when the jar, the JVM or the options changed since it was made (a stamp beside
# it records the files' inode, size and times, and the options), by a short run of `wadns serve` on ZONES with
# the JVM options that will serve them (the JVM refuses an archive made under other options, such as another
# collector). A new archive is kept only if the JVM maps it (-Xshare:on). Nothing here stops wadns from
# starting: whatever fails is said on standard error, the script exits 0, and ARCHIVE is then a link to the
# JDK's own default archive (a -XX:SharedArchiveFile naming a missing file would turn class-data sharing off
# altogether), to be made again at the next start. JAVA names the java to use (default: java on PATH); give
# it the java that serves. At most about 170 s in all (the unit's TimeoutStartSec leaves room for it).
set -u

if [ $# -lt 3 ]; then
  echo "usage: wadns-class-archive.sh ARCHIVE JAR ZONES [JVM OPTION...]" >&2
  exit 0
fi
archive=$1 jar=$2 zones=$3
shift 3
java=${JAVA:-java}
say() { echo "wadns-class-archive: $*" >&2; }

bin=$(command -v "$java") || { say "no $java on PATH; starting without a class-data archive"; exit 0; }
bin=$(readlink -f "$bin")
libjvm=$(dirname "$(dirname "$bin")")/lib/server/libjvm.so
# dpkg and most installers replace a file (a new inode); a file rewritten in place has a new change time.
files=$(stat -L -c '%n %i %s %Y %Z' "$jar" "$bin" "$libjvm" 2>/dev/null) \
  || { say "cannot read $jar or the JVM; starting without a class-data archive"; exit 0; }
stamp="$files
options: $*"

if [ -s "$archive" ] && [ "$(cat "$archive.stamp" 2>/dev/null)" = "$stamp" ]; then
  exit 0
fi

dir=$(dirname "$archive")
new="$archive.new.$$"
log="$archive.log"
rm -f "$archive" "$archive.stamp" "$archive".new.*   # .new.* of a run that was killed
rm -rf "$archive".training.*                         # the training's files of a run that was killed
# Emptied here, before the training run starts: the wait below looks for "serving" in it, and a line left by
# the last run, read before the new JVM's shell had truncated the file, stopped that JVM as it started.
# (true, not ':': a failed redirection of a special built-in such as ':' ends a POSIX shell.)
if ! { true >"$log"; } 2>/dev/null; then
  say "cannot write in $dir; starting without a class-data archive"
  exit 0
fi
# Whatever goes wrong from here on leaves the JDK's default archive in place of the one that was not made.
jdk_default=$(dirname "$libjvm")/classes.jsa
fall_back() {
  rm -f "$new"
  if [ -s "$jdk_default" ]; then
    ln -sf "$jdk_default" "$archive"
  fi
}
# The training's own files (a zone for an empty folder, a primary's zone and the two runs' configurations)
# go in one folder beside the archive, removed after.
work=$(mktemp -d "$archive.training.XXXXXX" 2>/dev/null) || work=""
# Stopped by hand (^C) or by systemd: the training's servers and files go too.
pid=""
primary=""
trap 'kill -KILL $pid $primary 2>/dev/null; rm -f "$new"; [ -z "$work" ] || rm -rf "$work"; exit 0' INT TERM HUP
# A folder without zone files (a server of secondary zones only, whose zones come from its configuration):
# serve would refuse it and stop before its sockets and answers were ever loaded, and the archive would hold
# little more than the command line's classes (a secondary's start then read some 0.25 s of classes from the
# jar). So the training run serves one small zone of its own instead.
train=$zones
has_zone=no
for f in "$zones"/*.zone "$zones"/.*.zone; do # wadns serves dot-files too; a folder named *.zone is no zone
  if [ -f "$f" ]; then
    has_zone=yes
    break
  fi
done
if [ $has_zone = no ] && [ -n "$work" ] && mkdir "$work/zones" 2>/dev/null \
    && printf '%s\n' '$ORIGIN training.invalid.' '$TTL 60' \
      '@ IN SOA ns hostmaster 1 7200 900 1209600 300' '@ IN NS ns' 'ns IN A 192.0.2.53' \
      'www IN ALIAS 1 group-a' 'www IN ALIAS 1 group-b' 'group-a IN A 192.0.2.1' 'group-a IN A 192.0.2.2' \
      'group-b IN A 192.0.2.3' 'group-b IN AAAA 2001:db8::3' >"$work/zones/training.invalid.zone" 2>/dev/null; then
  train=$work/zones
fi
stop_run() { # stop_run PID TENTHS: as systemd stops wadns, then for good after TENTHS tenths of a second
  kill -TERM "$1" 2>/dev/null
  n=0
  while [ $n -lt "$2" ] && kill -0 "$1" 2>/dev/null; do
    sleep 0.1
    n=$((n + 1))
  done
  kill -KILL "$1" 2>/dev/null
  wait "$1" 2>/dev/null
}
# A secondary's transfer is trained too (its reader and store are some 170 classes and 0.2-0.4 s of a
# secondary's start on one CPU when read from the jar): a second wadns, not archived, serves a zone of the
# script's own with transfers allowed to 127.0.0.1, and the training run takes that zone from it as a
# secondary; the transfer stays on loopback. If that primary does not come up within 10 s, the training
# goes on without the transfer.
primary=""
secondary_config=""
if [ -n "$work" ] && mkdir "$work/primary" 2>/dev/null \
    && printf '%s\n' '$ORIGIN transfer.training.invalid.' '$TTL 60' \
      '@ IN SOA ns hostmaster 1 7200 900 1209600 300' '@ IN NS ns' '@ IN MX 10 mail' '@ IN TXT "v=spf1 -all"' \
      'ns IN A 192.0.2.53' 'ns IN AAAA 2001:db8::53' 'mail IN A 192.0.2.25' 'ftp IN CNAME www' \
      '_sip._udp IN SRV 10 60 5060 sip' 'sip IN A 192.0.2.60' 'sub IN NS ns.sub' 'ns.sub IN A 192.0.2.54' \
      'www IN ALIAS 1 group-a' 'www IN ALIAS 2 group-b' 'group-a IN A 192.0.2.1' 'group-a IN A 192.0.2.2' \
      'group-b IN A 192.0.2.3' 'group-b IN AAAA 2001:db8::3' '*.wild IN A 192.0.2.80' \
      >"$work/primary/transfer.training.invalid.zone" 2>/dev/null \
    && printf '%s\n' 'zones: primary' 'transfer:' '  allow: [127.0.0.1]' >"$work/primary.yaml" 2>/dev/null; then
  "$java" -XX:TieredStopAtLevel=1 -jar "$jar" serve --config "$work/primary.yaml" --listen 127.0.0.1:0 \
    --threads 1 >"$work/primary.log" 2>&1 &
  primary=$!
fi
if [ -n "$primary" ]; then
  tries=0
  while [ $tries -lt 100 ] && kill -0 "$primary" 2>/dev/null && ! grep -q "wadns: wadns .* serving " "$work/primary.log"; do
    sleep 0.1
    tries=$((tries + 1))
  done
  primary_port=$(sed -n 's/.*DnsServer: listening on 127\.0\.0\.1:\([0-9][0-9]*\) .*/\1/p' "$work/primary.log" | head -n 1)
  if [ -n "$primary_port" ] && printf '%s\n' 'secondary:' '  store: store' '  zones:' \
      "    - {name: transfer.training.invalid., primaries: [\"127.0.0.1:$primary_port\"]}" \
      >"$work/secondary.yaml" 2>/dev/null; then
    secondary_config=$work/secondary.yaml
  else
    say "the training's primary did not come up (its log is in $log); training without a transfer"
  fi
fi
# A training run: serve the zones on a loopback port the kernel picks, and stop once it serves (and has
# taken the secondary zone), or after a minute (systemd's start timeout covers ExecStartPre). The JVM writes
# the classes it loaded as it exits, so a run cut short still archives what it loaded. It loads and checks
# the zones as the real start will, and its health checks may send their first probes, as the real start
# does a moment later.
if [ -n "$secondary_config" ]; then
  "$java" "$@" -XX:ArchiveClassesAtExit="$new" -jar "$jar" serve --config "$secondary_config" --zones "$train" \
    --listen 127.0.0.1:0 --threads 1 >"$log" 2>&1 &
else
  "$java" "$@" -XX:ArchiveClassesAtExit="$new" -jar "$jar" serve --zones "$train" --listen 127.0.0.1:0 \
    --threads 1 >"$log" 2>&1 &
fi
pid=$!
tries=0
while [ $tries -lt 600 ] && kill -0 $pid 2>/dev/null && ! grep -q "wadns: wadns .* serving " "$log"; do
  sleep 0.1
  tries=$((tries + 1))
done
if [ -n "$secondary_config" ]; then
  # The transfer starts as the run starts serving, and takes well under a second; the zone is stored
  # meanwhile and while the questions below are asked.
  tries=0
  while [ $tries -lt 150 ] && kill -0 $pid 2>/dev/null \
      && ! grep -q "secondary zone transfer\.training\.invalid\.: AXFR from" "$log"; do
    sleep 0.1
    tries=$((tries + 1))
  done
fi
[ -z "$primary" ] || kill -TERM "$primary" 2>/dev/null
# One question over UDP and one over TCP to the training run (dnsjava's dig, in the jar; a JVM each, only when
# the archive is made): the classes that read, answer and write a query are then in the archive too, instead
# of being read from the jar while a start's first query waits (docs/performance.md).
# The zone asked for is the first the run logged as loaded, by the name it serves (its SOA's owner).
port=$(sed -n 's/.*DnsServer: listening on 127\.0\.0\.1:\([0-9][0-9]*\) .*/\1/p' "$log" | head -n 1)
name=$(sed -n 's/.* wadns: loaded zone \([^ ]*\) serial .*/\1/p' "$log" | head -n 1)
if [ -n "$port" ] && [ -n "$name" ] && kill -0 $pid 2>/dev/null; then
  # The apex's SOA and NS: answers every zone has, with its authority and additional sections.
  timeout -k 2 8 "$java" -cp "$jar" org.xbill.DNS.tools.dig @127.0.0.1 "$name" SOA -p "$port" >/dev/null 2>&1 || true
  timeout -k 2 8 "$java" -cp "$jar" org.xbill.DNS.tools.dig @127.0.0.1 "$name" NS -p "$port" -t >/dev/null 2>&1 \
    || true
fi
stop_run $pid 200
[ -z "$primary" ] || stop_run "$primary" 50
if [ -n "$primary" ] && [ -z "$secondary_config" ]; then
  # Its log goes with the training's files: its end is kept after the training run's.
  { echo "--- the training's primary, which did not come up:"; tail -n 20 "$work/primary.log"; } >>"$log" 2>/dev/null
fi
trap - INT TERM HUP
[ -z "$work" ] || rm -rf "$work"
# The log ends with the archive's own lines; a start of many zones logs a line per zone before them.
tail -n 200 "$log" >"$log.tail" 2>/dev/null && mv -f "$log.tail" "$log"
if [ ! -s "$new" ]; then
  fall_back
  say "no class-data archive made (see $log); starting with the JDK's own"
  exit 0
fi
if ! timeout -k 5 30 "$java" "$@" -Xshare:on -XX:SharedArchiveFile="$new" -jar "$jar" --version >>"$log" 2>&1; then
  fall_back
  say "the JVM does not map the new class-data archive (see $log); starting with the JDK's own"
  exit 0
fi
mv -f "$new" "$archive" && printf '%s\n' "$stamp" >"$archive.stamp"
say "made $archive ($(stat -c %s "$archive") bytes) for $jar"
exit 0
