#!/usr/bin/env bash
# REGISTER throughput of `sipcluster node` processes driven by sipp over UDP on loopback, distinct AoRs per call.
# One node (single-instance table), then two full-sharing nodes on the same box with sipp sending to node 1 (node 1
# also replicates every change to node 2). Each run: a warm-up pass (the JIT), then one sipp run per rate for
# SECONDS seconds. Prints per rate the rate sipp achieved, successful and failed calls, retransmissions, the mean
# response time, and (two nodes) the bindings each node holds (all runs and the warm-up add up). Numbers: docs/benchmarks.md.
#
#   bench/run-register-bench.sh                      rates 10000 15000 20000 25000, 10 s each, 1 and 2 nodes
#   RATES="8000 12000" SECONDS_PER_RATE=5 bench/run-register-bench.sh pair
set -euo pipefail
cd "$(dirname "$0")/.."
command -v sipp >/dev/null || { echo "sipp is needed (Debian package sip-tester)" >&2; exit 1; }
RATES=${RATES:-"10000 15000 20000 25000"}
SECS=${SECONDS_PER_RATE:-10}
MODES=${1:-"single pair"}
./sipcluster --version >/dev/null 2>&1 || true   # builds the launcher when needed
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

cat > "$work/reg.xml" <<'XML'
<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">
<scenario name="register">
  <send retrans="500" start_rtd="true"><![CDATA[
REGISTER sip:bench.example SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:PREFIX[call_number]@bench.example>;tag=[call_number]
To: <sip:PREFIX[call_number]@bench.example>
Call-ID: [call_id]
CSeq: 1 REGISTER
Contact: <sip:PREFIX[call_number]@[local_ip]:[local_port]>;expires=3600
Max-Forwards: 70
User-Agent: sipp
Content-Length: 0

]]></send>
  <recv response="200" rtd="true"/>
</scenario>
XML

node_file() { # id bin sip mgmt peer_bin clustered
  local cluster_lines=""
  if [ "$6" = yes ]; then
    cluster_lines="    neighbours: [{id: $((3 - $1)), url: \"bin:127.0.0.1:$5\"}]"
  fi
  cat > "$work/node$1.yaml" <<YAML
node_id: $1
listen: [bin:127.0.0.1:$2]
clusters:
  - id: 1
    url: bin:127.0.0.1:$2
    seed: $([ "$1" = 1 ] && echo true || echo false)
$cluster_lines
management: {auth: none, listen: "127.0.0.1:$4"}
sip:
  listen: [udp:127.0.0.1:$3]
usrloc:
  max_contacts: 5000000
$([ "$6" = yes ] && printf '  mode: full-sharing-cluster\n  cluster: 1\n')
YAML
}

contacts_on() { # mgmt port
  curl -s "http://127.0.0.1:$1/metrics" | awk '/^sipcluster_usrloc_contacts /{print int($2)}'
}

run_sipp() { # prefix rate calls
  sed "s/PREFIX/$1/g" "$work/reg.xml" > "$work/reg-$1.xml"
  sipp -sf "$work/reg-$1.xml" -i 127.0.0.1 -p 16100 127.0.0.1:15160 -r "$2" -m "$3" -l $(( $2 * 4 )) -buff_size 4194304 \
       -recv_timeout 5000 -nostdin -trace_stat -stf "$work/stat-$1.csv" -fd 1 >/dev/null 2>&1 || true
  # columns by name from the last row of sipp's statistics
  awk -F';' 'NR==1{for(i=1;i<=NF;i++) c[$i]=i} END{printf "%s %s %s %s %s\n", $c["CallRate(C)"], $c["SuccessfulCall(C)"], $c["FailedCall(C)"], $c["Retransmissions(C)"], $c["ResponseTime1(C)"]}' "$work/stat-$1.csv"
}

for mode in $MODES; do
  clustered=no; [ "$mode" = pair ] && clustered=yes
  node_file 1 17101 15160 17801 17102 $clustered
  node_file 2 17102 15161 17802 17101 $clustered
  SIPCLUSTER_LOG_LEVEL=WARN SIPCLUSTER_JAVA_OPTS="-Xmx2g" ./sipcluster node --config "$work/node1.yaml" > "$work/node1.log" 2>&1 &
  if [ "$clustered" = yes ]; then
    SIPCLUSTER_LOG_LEVEL=WARN SIPCLUSTER_JAVA_OPTS="-Xmx2g" ./sipcluster node --config "$work/node2.yaml" > "$work/node2.log" 2>&1 &
  fi
  for _ in $(seq 100); do curl -s "http://127.0.0.1:17801/metrics" >/dev/null 2>&1 && break; sleep 0.1; done
  sleep 2
  run_sipp warm 5000 100000 >/dev/null
  echo
  echo "== $mode: $([ "$clustered" = yes ] && echo "two full-sharing nodes, sipp to node 1" || echo "one node")"
  printf '%-10s %-12s %-12s %-8s %-10s %-14s %s\n' "target/s" "achieved/s" "successful" "failed" "retrans" "resp time ms" "bindings on node 1 / node 2"
  for rate in $RATES; do
    read -r achieved ok failed retrans rtt < <(run_sipp "r$rate" "$rate" $((rate * SECS)))
    held="-"
    if [ "$clustered" = yes ]; then sleep 2; held="$(contacts_on 17801) / $(contacts_on 17802)"; fi
    printf '%-10s %-12s %-12s %-8s %-10s %-14s %s\n' "$rate" "$achieved" "$ok" "$failed" "$retrans" "$rtt" "$held"
  done
  kill $(jobs -p) 2>/dev/null || true
  wait 2>/dev/null || true
done
