#!/usr/bin/env bash
# iro beside its low-code peer (Platformatic DB, ../shared/peers/platformatic-db/, issue 13):
# both serve 10,000 institutions from SQLite with JWT auth; wrk measures health, one
# institution by id and a 50-item page filtered by country on each, with the same settings,
# in alternating rounds (iro first in odd rounds, the peer first in even ones), and prints the
# medians, iro ÷ peer, and the peak resident memory of both.
# Usage: tests/bench/peer.sh            (from anywhere; the peer is set up on first use)
# Knobs: ROUNDS=3 THREADS=2 CONNS=32 DURATION=10s WARMUP=3s WORKERS=2 (iro's HTTP workers)
#        PEER_WORK=/tmp/peer-platformatic-db PEER_PORT=3042 NO_BUILD=1 (use the existing
#        target/release/bench) BENCH=PATH (another build of `bench`, e.g. of an older commit,
#        implies NO_BUILD) OUT=DIR (raw wrk output; default a new temporary directory)
# Needs: wrk, node/npm (for the peer), curl, a release build of `bench` (built unless NO_BUILD).
# Differences that remain: iro's rows are richer (two names, a contact, a website) and rotate
# over 7 countries (the peer's over 5), and iro's memory includes the seeding (same process).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PEER="$(cd "$ROOT/../shared/peers/platformatic-db" && pwd)"
PEER_WORK="${PEER_WORK:-/tmp/peer-platformatic-db}"
PEER_PORT="${PEER_PORT:-3042}"
ROUNDS="${ROUNDS:-3}"; THREADS="${THREADS:-2}"; CONNS="${CONNS:-32}"
DURATION="${DURATION:-10s}"; WARMUP="${WARMUP:-3s}"; WORKERS="${WORKERS:-2}"
OUT="${OUT:-$(mktemp -d /tmp/iro-peer-bench.XXXXXX)}"
mkdir -p "$OUT"
command -v wrk >/dev/null || { echo "wrk not found (apt-get install wrk)" >&2; exit 1; }

if [ -z "${NO_BUILD:-}" ] && [ -z "${BENCH:-}" ]; then
  (cd "$ROOT" && cargo build --release -q -p iro-tests --bin bench)
fi
BENCH="${BENCH:-$ROOT/target/release/bench}"
[ -x "$BENCH" ] || { echo "no $BENCH: build it (cargo build --release -p iro-tests --bin bench)" >&2; exit 1; }
[ -f "$PEER_WORK/platformatic.json" ] || "$PEER/setup.sh" "$PEER_WORK"

IRO_ENV="$OUT/iro.env"
cleanup() {
  rm -f "$IRO_ENV"                       # iro serves until this file is gone
  "$PEER/stop.sh" "$PEER_WORK" >/dev/null 2>&1 || true
  [ -n "${IRO_PID:-}" ] && wait "$IRO_PID" 2>/dev/null || true
}
trap cleanup EXIT

PORT="$PEER_PORT" "$PEER/start.sh" "$PEER_WORK" > "$OUT/peer-start.txt"
PEER_PID="$(cat "$PEER_WORK/server.pid")"
# shellcheck disable=SC1091
. "$PEER_WORK/urls.env"
PEER_HEALTH="$PING_URL"; PEER_ID="$ID_URL"; PEER_LIST="$LIST_URL"
PEER_AUTH="Authorization: Bearer $(cat "$PEER_WORK/token.txt")"

RUST_LOG="${RUST_LOG:-warn}" "$BENCH" --serve "$IRO_ENV" --workers "$WORKERS" --institutions 10000 \
  > "$OUT/iro-serve.txt" 2>&1 &
IRO_PID=$!
for _ in $(seq 1 600); do [ -f "$IRO_ENV" ] && break; kill -0 "$IRO_PID" 2>/dev/null || break; sleep 0.2; done
[ -f "$IRO_ENV" ] || { echo "iro did not start:" >&2; cat "$OUT/iro-serve.txt" >&2; exit 1; }
# shellcheck disable=SC1090
. "$IRO_ENV"
IRO_AUTH="Authorization: Bearer $TOKEN"

# Every URL answers 200 with data before anything is measured.
check() {  # url [header]
  local url="$1"; shift; local hdr=(); [ $# -gt 0 ] && hdr=(-H "$1")
  local code; code=$(curl -s -o "$OUT/sample.json" -w '%{http_code}' "${hdr[@]}" "$url")
  [ "$code" = 200 ] || { echo "check failed: $url -> HTTP $code" >&2; exit 1; }
}
check "$HEALTH_URL"; check "$ID_URL" "$IRO_AUTH"; check "$LIST_URL" "$IRO_AUTH"
grep -o '"country":"BG"' "$OUT/sample.json" | wc -l | grep -qx 50 || { echo "iro's list page is not 50 BG rows" >&2; exit 1; }
check "$PEER_HEALTH"; check "$PEER_ID" "$PEER_AUTH"; check "$PEER_LIST" "$PEER_AUTH"

# Resident memory in kB (VmRSS or VmHWM) of a pid and its descendants.
descendants() {
  local p c
  for p in "$@"; do
    echo "$p"
    for c in $(awk -v pp="$p" '$4 == pp {print $1}' /proc/[0-9]*/stat 2>/dev/null); do descendants "$c"; done
  done
}
rss_kb() {  # pid field
  local total=0 v p
  for p in $(descendants "$1" | sort -u); do
    v=$(awk -v f="$2:" '$1 == f {print $2}' "/proc/$p/status" 2>/dev/null || true)
    total=$((total + ${v:-0}))
  done
  echo "$total"
}
IRO_IDLE=$(rss_kb "$PID" VmRSS); PEER_IDLE=$(rss_kb "$PEER_PID" VmRSS)
# From here the peak (VmHWM) is the peak under the load: writing 5 to clear_refs resets it
# (proc(5)), so iro's seeding and the peer's start-up are not counted.
reset_peak() { local p; for p in $(descendants "$1" | sort -u); do echo 5 > "/proc/$p/clear_refs" 2>/dev/null || true; done; }
reset_peak "$PID"; reset_peak "$PEER_PID"

# One measurement: prints "req/s p99_ms non2xx" and keeps wrk's output.
measure() {  # file url [header]
  local file="$1" url="$2"; shift 2; local hdr=(); [ $# -gt 0 ] && hdr=(-H "$1")
  wrk -t"$THREADS" -c"$CONNS" -d"$WARMUP" "${hdr[@]}" "$url" > /dev/null 2>&1
  wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "${hdr[@]}" "$url" > "$file" 2>&1
  awk '/^Requests\/sec:/ {rps = $2}
       $1 == "99%" {v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v)
                    p99 = (u == "us") ? v / 1000 : (u == "s") ? v * 1000 : v}
       /Non-2xx or 3xx responses:/ {bad = $NF}
       END {printf "%s %.2f %d\n", rps, p99, bad}' "$file"
}

echo "iro beside Platformatic DB: $ROUNDS rounds, wrk $THREADS threads × $CONNS connections, $DURATION after $WARMUP warm-up, $(nproc) cores; iro $WORKERS workers (release); raw output in $OUT"
for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) = 1 ]; then order="iro peer"; else order="peer iro"; fi
  for scenario in health by_id list; do
    for side in $order; do
      case "$side/$scenario" in
        iro/health) r=$(measure "$OUT/$side-$scenario-$round.txt" "$HEALTH_URL") ;;
        iro/by_id) r=$(measure "$OUT/$side-$scenario-$round.txt" "$ID_URL" "$IRO_AUTH") ;;
        iro/list) r=$(measure "$OUT/$side-$scenario-$round.txt" "$LIST_URL" "$IRO_AUTH") ;;
        peer/health) r=$(measure "$OUT/$side-$scenario-$round.txt" "$PEER_HEALTH") ;;
        peer/by_id) r=$(measure "$OUT/$side-$scenario-$round.txt" "$PEER_ID" "$PEER_AUTH") ;;
        peer/list) r=$(measure "$OUT/$side-$scenario-$round.txt" "$PEER_LIST" "$PEER_AUTH") ;;
      esac
      echo "$side $scenario $round $r" | tee -a "$OUT/results.txt"
    done
  done
done
IRO_PEAK=$(rss_kb "$PID" VmHWM); PEER_PEAK=$(rss_kb "$PEER_PID" VmHWM)

# Medians over the rounds, and iro ÷ peer.
median() { sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
echo
printf '| scenario | peer req/s | iro req/s | iro ÷ peer | peer p99 | iro p99 | iro ÷ own health |\n|---|---|---|---|---|---|---|\n'
iro_health=$(awk '$1 == "iro" && $2 == "health" {print $4}' "$OUT/results.txt" | median)
bad=$(awk '{s += $6} END {print s + 0}' "$OUT/results.txt")
for scenario in health by_id list; do
  pr=$(awk -v s="$scenario" '$1 == "peer" && $2 == s {print $4}' "$OUT/results.txt" | median)
  ir=$(awk -v s="$scenario" '$1 == "iro" && $2 == s {print $4}' "$OUT/results.txt" | median)
  pp=$(awk -v s="$scenario" '$1 == "peer" && $2 == s {print $5}' "$OUT/results.txt" | median)
  ip=$(awk -v s="$scenario" '$1 == "iro" && $2 == s {print $5}' "$OUT/results.txt" | median)
  awk -v s="$scenario" -v pr="$pr" -v ir="$ir" -v pp="$pp" -v ip="$ip" -v h="$iro_health" \
    'BEGIN {printf "| %s | %.0f | %.0f | **%.2f** | %.1f ms | %.1f ms | %.3f |\n", s, pr, ir, ir / pr, pp, ip, ir / h}'
done
awk -v ii="$IRO_IDLE" -v pi="$PEER_IDLE" -v ih="$IRO_PEAK" -v ph="$PEER_PEAK" 'BEGIN {
  printf "\nresident memory: iro idle %.0f MB, peak under load %.0f MB; peer idle %.0f MB, peak under load %.0f MB\n",
    ii / 1024, ih / 1024, pi / 1024, ph / 1024 }'
echo "non-2xx answers in all runs: $bad"
[ "$bad" = 0 ]
