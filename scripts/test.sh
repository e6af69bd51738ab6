#!/usr/bin/env bash
# Runs every test of OnboardingBot on a fresh machine: installs what is missing (Debian packages), starts a
# throwaway PostgreSQL database, builds warning-free, runs all test projects, prints "N passed, N failed".
# Needs no standard input. Usage: scripts/test.sh [extra dotnet test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }

# --- system packages: PostgreSQL server, AWS CLI v2 (Debian's awscli), chromium (browser tests) ---------------
missing=()
command -v pg_ctlcluster >/dev/null 2>&1 && ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing+=(postgresql)
[ -x /usr/bin/aws ] || missing+=(awscli)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} (Debian packages)..."
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- PostgreSQL: start the cluster (no systemd needed) and make a throwaway role and database ------------------
cluster=$(pg_lsclusters -h 2>/dev/null | awk 'NR==1 {print $1" "$2}')
if [ -z "$cluster" ]; then
  version=$(ls /usr/lib/postgresql | sort -n | tail -1)
  as_root pg_createcluster "$version" main >/dev/null
  cluster="$version main"
fi
as_root pg_ctlcluster $cluster start 2>/dev/null || true
port=$(pg_lsclusters -h | awk -v v="${cluster% *}" -v n="${cluster#* }" '$1==v && $2==n {print $3}')
for _ in $(seq 1 50); do pg_isready -q -h 127.0.0.1 -p "$port" && break; sleep 0.2; done
# One password per machine, kept beside the cluster's runtime files, so test runs in several checkouts at once
# do not change it under each other.
pg_password_file="${TMPDIR:-/tmp}/onboardingbot-test-pg-password"
if [ ! -s "$pg_password_file" ]; then
  (umask 077; head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' >"$pg_password_file")
fi
pg_password=$(cat "$pg_password_file")
pg_role="onboardingbot_test"
as_root runuser -u postgres -- psql -q -p "$port" -v ON_ERROR_STOP=1 >/dev/null <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$pg_role') THEN CREATE ROLE $pg_role LOGIN CREATEDB; END IF;
END \$\$;
ALTER ROLE $pg_role WITH LOGIN CREATEDB PASSWORD '$pg_password';
SQL
# Each test class creates (and drops) its own database from this base connection string.
export ONBOARDINGBOT_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=$pg_role;Password=$pg_password;Database=postgres"
export AWS_CLI_PATH=/usr/bin/aws

# --- build and test ----------------------------------------------------------------------------------------------
results="$root/artifacts/test-results"
rm -rf "$results"
dotnet build OnboardingBot.sln -c Release -warnaserror -nologo -v quiet

# --- the road to a tenant: Teams package, Azure template, the published bot -------------------------------------
# The package from test values (manifest/README.md): built, then validated by the same tool.
dotnet run --project manifest/OnboardingBot.Manifest -c Release --no-build -- \
  --MicrosoftAppId 6f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b --Credentials:PublicBaseUrl https://onboarding.rehearsal.test/ \
  --Credentials:SignIn:ClientId 0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d --Package:Version 1.0.0 \
  --Package:WebsiteUrl https://it.rehearsal.test/onboarding --Package:PrivacyUrl https://it.rehearsal.test/privacy \
  --Package:TermsOfUseUrl https://it.rehearsal.test/terms
dotnet run --project manifest/OnboardingBot.Manifest -c Release --no-build -- validate manifest/build/onboardingbot.zip
# Bicep with the pinned CLI; any diagnostic (the linter's rules are errors in bicepconfig.json) fails the run.
mkdir -p artifacts/azure
for step in "lint deployment/azure/main.bicep" "build deployment/azure/main.bicep --outfile artifacts/azure/main.json"; do
  # shellcheck disable=SC2086
  diagnostics=$(scripts/bicep.sh $step 2>&1) || { echo "$diagnostics" >&2; exit 1; }
  if [ -n "$diagnostics" ]; then echo "bicep $step: $diagnostics" >&2; exit 1; fi
done
echo "Bicep: deployment/azure/main.bicep lints clean and compiles to artifacts/azure/main.json"
# Published once for the go-live rehearsal, which starts it as production does.
export ONBOARDINGBOT_PUBLISHED="$root/artifacts/publish/onboardingbot"
rm -rf "$ONBOARDINGBOT_PUBLISHED"
dotnet publish src/OnboardingBot/OnboardingBot.csproj -c Release --no-build -nologo -v quiet -o "$ONBOARDINGBOT_PUBLISHED"

status=0
dotnet test OnboardingBot.sln -c Release --no-build --nologo \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" "$@" || status=$?

# --- benchmarks, once each in smoke mode (a few hundred turns, nothing timed): they still start and run cleanly -----
# Every project under bench/ takes --smoke and exits non-zero when a request failed (bench/README.md). A run with
# extra test arguments (a filter) is a partial run and skips them.
mkdir -p "$results"
if [ $# -eq 0 ]; then
  for project in bench/*/*.csproj; do
    log="$results/$(basename "$project" .csproj).smoke.log"
    if dotnet run --project "$project" -c Release --no-build -- --smoke >"$log" 2>&1; then
      echo "Benchmark smoke run passed: $project"
    else
      echo "Benchmark smoke run failed: $project (see $log)" >&2; status=1
    fi
  done
fi

# --- summary line: "N passed, N failed" --------------------------------------------------------------------------
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters"); e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
done
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then echo "No test ran." >&2; exit 1; fi
exit $status
