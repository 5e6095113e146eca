#!/usr/bin/env bash
# Calls through an active/backup pair of `sipcluster node` processes, driven by sipp over UDP on loopback: sipp UAC
# -> node 1 (the floating address, tag "vip" active) -> sipp UAS, with dialogs replicated to node 2, two profiles
# counted and broadcast (dialog-prof-repl), a CDR per call to CSV on node 1. One warm-up pass (the JIT), then one
# sipp run per rate for SECONDS seconds; calls last HOLD_MS after the answer. Prints per rate the rate sipp achieved,
# successful and failed calls, retransmissions, the dialogs each node held in
# the middle of the run (their difference over the rate is the replication lag), and the CDRs written.
# `memory` instead measures the heap per 10k confirmed dialogs. Numbers: docs/benchmarks.md.
#
#   bench/run-calls-bench.sh                         rates 1000 2000 3000 4000, 10 s each, calls of 1 s
#   RATES="3000" SECONDS_PER_RATE=20 HOLD_MS=5000 bench/run-calls-bench.sh
#   WARMUP_RATE=2000 WARMUP_CALLS=40000 RATES=3000 bench/run-calls-bench.sh   a longer warm-up (the JIT)
#   bench/run-calls-bench.sh memory [dialogs...]     heap held by 10k and 100k dialogs
#   bench/run-calls-bench.sh lag [rate] [seconds]    dialog replication lag, both nodes in one JVM (one clock)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = memory ] || [ "${1:-}" = lag ]; then
  what=$1
  shift
  mvn -q -B -pl app -am test-compile dependency:build-classpath \
      -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test -Dfuzz.seconds=0
  CP="app/target/test-classes:app/target/classes:$(cat app/target/bench-classpath.txt)"
  main=io.sipcluster.app.bench.DialogMemoryBench
  [ "$what" = lag ] && main=io.sipcluster.app.bench.DialogLagBench
  SIPCLUSTER_LOG_LEVEL=${SIPCLUSTER_LOG_LEVEL:-WARN} exec java -Xmx3g -cp "$CP" "$main" "$@"
fi

command -v sipp >/dev/null || { echo "sipp is needed (Debian package sip-tester)" >&2; exit 1; }
RATES=${RATES:-"1000 2000 3000 4000"}
SECS=${SECONDS_PER_RATE:-10}
HOLD=${HOLD_MS:-1000}
./sipcluster --version >/dev/null 2>&1 || true   # builds the launcher when needed
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; pkill -f "sipp -sn uas -i 127.0.0.1 -p 16300" || true; rm -rf "$work"' EXIT

cat > "$work/uac.xml" <<XML
<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">
<scenario name="caller">
  <send retrans="500"><![CDATA[
INVITE sip:bob@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:caller[call_number]@[local_ip]:[local_port]>;tag=[call_number]x[pid]
To: <sip:bob@[remote_ip]:[remote_port]>
Call-ID: [call_id]
CSeq: 1 INVITE
Contact: <sip:caller@[local_ip]:[local_port]>
Max-Forwards: 70
Content-Length: 0

]]></send>
  <recv response="100" optional="true"/>
  <recv response="180" optional="true"/>
  <recv response="200"/>
  <send><![CDATA[
ACK sip:bob@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:caller[call_number]@[local_ip]:[local_port]>;tag=[call_number]x[pid]
To: <sip:bob@[remote_ip]:[remote_port]>[peer_tag_param]
Call-ID: [call_id]
CSeq: 1 ACK
Max-Forwards: 70
Content-Length: 0

]]></send>
  <pause milliseconds="$HOLD"/>
  <send retrans="500"><![CDATA[
BYE sip:bob@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:caller[call_number]@[local_ip]:[local_port]>;tag=[call_number]x[pid]
To: <sip:bob@[remote_ip]:[remote_port]>[peer_tag_param]
Call-ID: [call_id]
CSeq: 2 BYE
Max-Forwards: 70
Content-Length: 0

]]></send>
  <recv response="200"/>
</scenario>
XML

cat > "$work/reg.xml" <<'XML'
<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">
<scenario name="register">
  <send retrans="500"><![CDATA[
REGISTER sip:127.0.0.1 SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:bob@127.0.0.1>;tag=[call_number]
To: <sip:bob@127.0.0.1>
Call-ID: [call_id]
CSeq: 1 REGISTER
Contact: <sip:bob@[local_ip]:[local_port]>;expires=3600
Max-Forwards: 70
Content-Length: 0

]]></send>
  <recv response="200"/>
</scenario>
XML

for id in 1 2; do
  cat > "$work/node$id.yaml" <<YAML
node_id: $id
listen: [bin:127.0.0.1:1720$id]
clusters:
  - id: 1
    url: bin:127.0.0.1:1720$id
    seed: $([ "$id" = 1 ] && echo true || echo false)
    neighbours: [{id: $((3 - id)), url: "bin:127.0.0.1:1720$((3 - id))"}]
    sharing_tags: {vip: $([ "$id" = 1 ] && echo active || echo backup)}
management: {auth: none, listen: "127.0.0.1:1790$id"}
sip:
  listen: [udp:127.0.0.1:1526$id]
usrloc: {mode: full-sharing-cluster, cluster: 1}
calls:
  record_route: "sip:127.0.0.1:15260;lr"
  addresses: ["127.0.0.1:15261", "127.0.0.1:15262"]
  floating: {address: "127.0.0.1:15260", sharing_tag: vip}
  dialog: {cluster: 1, sharing_tag: vip, default_timeout: 600s}
  limits:
    - {profile: calls, max: 0}
    - {profile: caller, key: from_user, max: 0}
  profile_cluster: 1
  cdr: {csv: "$work/cdr$id.csv"}
YAML
done

metric() { # mgmt port, name
  curl -s "http://127.0.0.1:$1/metrics" | awk -v n="$2" '$1==n{print int($2)}'
}

SIPCLUSTER_LOG_LEVEL=WARN SIPCLUSTER_JAVA_OPTS="-Xmx2g ${NODE1_JAVA_OPTS:-}" ./sipcluster node --config "$work/node1.yaml" > "$work/node1.log" 2>&1 &
SIPCLUSTER_LOG_LEVEL=WARN SIPCLUSTER_JAVA_OPTS="-Xmx2g" ./sipcluster node --config "$work/node2.yaml" > "$work/node2.log" 2>&1 &
for _ in $(seq 100); do curl -s "http://127.0.0.1:17902/metrics" >/dev/null 2>&1 && break; sleep 0.1; done
sleep 3
sipp -sf "$work/reg.xml" -i 127.0.0.1 -p 16300 127.0.0.1:15261 -m 1 -nostdin >/dev/null 2>&1
sipp -sn uas -i 127.0.0.1 -p 16300 -buff_size 4194304 -nostdin -bg >/dev/null 2>&1 || true   # -bg exits non-zero
sleep 1

run_sipp() { # name rate calls
  sipp -sf "$work/uac.xml" -i 127.0.0.1 -p 16301 127.0.0.1:15260 -r "$2" -m "$3" -l $(( $2 * (HOLD / 1000 + 4) )) \
       -buff_size 4194304 \
       -recv_timeout 10000 -nostdin -trace_stat -stf "$work/stat-$1.csv" -fd 1 \
       ${KEEP_ERRORS:+-trace_err -error_file "$KEEP_ERRORS/errors-$1.log"} >/dev/null 2>&1 &
  local pid=$!
  sleep $(( SECS / 2 + HOLD / 2000 ))
  echo "$(metric 17901 sipcluster_dialogs) $(metric 17902 sipcluster_dialogs)" > "$work/held-$1"
  wait $pid || true
  awk -F';' 'NR==1{for(i=1;i<=NF;i++) c[$i]=i} END{printf "%s %s %s %s\n", $c["CallRate(C)"], $c["SuccessfulCall(C)"], $c["FailedCall(C)"], $c["Retransmissions(C)"]}' "$work/stat-$1.csv"
}

run_sipp warm "${WARMUP_RATE:-500}" "${WARMUP_CALLS:-5000}" >/dev/null
echo "== two nodes, sipp UAC -> node 1 (floating address) -> sipp UAS; dialogs and profiles replicated to node 2"
printf '%-9s %-11s %-11s %-7s %-8s %-22s %s\n' "target/s" "achieved/s" "successful" "failed" "retrans" "dialogs node 1/node 2" "CDRs (all runs)"
for rate in $RATES; do
  read -r achieved ok failed retrans < <(run_sipp "r$rate" "$rate" $((rate * SECS)))
  sleep 2
  printf '%-9s %-11s %-11s %-7s %-8s %-22s %s\n' "$rate" "$achieved" "$ok" "$failed" "$retrans" \
      "$(tr ' ' / < "$work/held-r$rate")" "$(metric 17901 sipcluster_cdr_records_total)"
done
