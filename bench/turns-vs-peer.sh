#!/usr/bin/env bash
# One run of every turn figure in bench/README.md: the shared peer comparison (the Bot Framework JS SDK's echo bot and
# the sandbox, unauthenticated, under wrk), then under the same wrk and sink the JWT-validating production app
# (OnboardingBot.Bench --serve: full Bot Connector token validation per turn), then the in-process turn benchmark.
# Run from the project root after a Release build:
#   bench/turns-vs-peer.sh [seconds-per-level]
# BEFORE=<folder with a copy of an earlier build's bench output> adds that build's JWT and in-process figures beside
# (and BEFORE_BOT=<its src/OnboardingBot output> its sandbox figures), so a change is measured within one run.
set -euo pipefail
cd "$(dirname "$0")/.."
dur="${1:-10}"
../shared/peers/turns-vs-peer.sh "$dur"

peer="${TMPDIR:-/tmp}/onboardingbot-peer-botbuilder-js"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
node "$peer/sink.js" 3990 >/dev/null 2>&1 & pids+=($!)
sleep 1
level() { wrk -t1 -c"$2" -d"${dur}s" --latency -s "$4" "$1" 2>&1 | awk -v who="$3" -v c="$2" '
  /Requests\/sec/ {r=$2} /50%/ {m=$2} /99%/ {p=$2} /Non-2xx/ {e=$4}
  END {printf "%-22s c=%-3s turns/s %9s  p50 %9s  p99 %9s  non-2xx %s\n", who, c, r, m, p, (e==""?0:e)}'; }

if [ -n "${BEFORE_BOT:-}" ]; then
  rm -rf src/OnboardingBot/data
  (cd src/OnboardingBot && ASPNETCORE_ENVIRONMENT=Development Sandbox__Enabled=true ASPNETCORE_URLS=http://localhost:3978 \
    dotnet "$BEFORE_BOT/OnboardingBot.dll" >"${TMPDIR:-/tmp}/onboardingbot-before-run.log" 2>&1) & bot=$!; pids+=($bot)
  for _ in $(seq 1 120); do curl -sf http://localhost:3978/healthz >/dev/null && break; sleep 0.5; done
  wrk -t1 -c16 -d4s -s ../shared/peers/unique-activity.lua http://127.0.0.1:3978/api/messages >/dev/null 2>&1
  for c in 16 64; do level http://127.0.0.1:3978/api/messages $c "OnboardingBot (before)" ../shared/peers/unique-activity.lua; done
  pkill -P $bot 2>/dev/null || true; kill $bot 2>/dev/null || true; wait $bot 2>/dev/null || true
fi

export TOKEN_FILE="${TMPDIR:-/tmp}/onboardingbot-bench-token"
builds=(bench/OnboardingBot.Bench/bin/Release/net10.0)
names=("OnboardingBot JWT")
if [ -n "${BEFORE:-}" ]; then builds=("$BEFORE" "${builds[@]}"); names=("OnboardingBot JWT (before)" "${names[@]}"); fi
for i in "${!builds[@]}"; do
  rm -f "$TOKEN_FILE"
  dotnet "${builds[$i]}/OnboardingBot.Bench.dll" --serve 3977 http://127.0.0.1:3990/ "$TOKEN_FILE" >/dev/null 2>&1 & app=$!; pids+=($app)
  for _ in $(seq 1 120); do [ -s "$TOKEN_FILE" ] && break; sleep 0.5; done
  wrk -t1 -c16 -d4s -s bench/jwt-activity.lua http://127.0.0.1:3977/api/messages >/dev/null 2>&1
  for c in 16 64; do level http://127.0.0.1:3977/api/messages $c "${names[$i]}" bench/jwt-activity.lua; done
  kill $app; wait $app 2>/dev/null || true
done

# The in-process benchmark (its own client, so it shares the two cores with it): SQLite, and PostgreSQL when
# ONBOARDINGBOT_TEST_POSTGRES is set (scripts/test.sh's base connection string; a throwaway database per run).
for db in "" ${ONBOARDINGBOT_TEST_POSTGRES:+--postgres}; do
  for i in "${!builds[@]}"; do
    echo "${names[$i]/JWT/in-process bench}${db:+ on PostgreSQL}:"
    dotnet "${builds[$i]}/OnboardingBot.Bench.dll" 3000 16,64 $db 2>/dev/null | grep '^| [0-9]'
  done
done
