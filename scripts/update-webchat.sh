#!/usr/bin/env bash
# Refreshes the sandbox's Web Chat bundle from the npm package botframework-webchat (MIT), so the sandbox page keeps
# working offline. Usage: scripts/update-webchat.sh [version]   (default: the version in webchat/VERSION)
set -euo pipefail
cd "$(dirname "$0")/.."
target=src/OnboardingBot/Sandbox/wwwroot/webchat
version=${1:-$(cat "$target/VERSION")}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "botframework-webchat@$version" >/dev/null)
tar -xzf "$work"/botframework-webchat-*.tgz -C "$work"
actual=$(node -p "require('$work/package/package.json').version")
license=$(node -p "require('$work/package/package.json').license")
[ "$license" = "MIT" ] || { echo "botframework-webchat $actual is licensed '$license', not MIT: not updating." >&2; exit 1; }
cp "$work/package/dist/webchat.js" "$work/package/dist/webchat.js.LICENSE.txt" "$target/"
echo "$actual" > "$target/VERSION"
sed -i "s/version \*\*[0-9][^*]*\*\*/version **$actual**/" "$target/README.md"
sed -i "s/botframework-webchat [0-9][0-9.]* (MIT)/botframework-webchat $actual (MIT)/" src/OnboardingBot/Sandbox/wwwroot/index.html
echo "Web Chat $actual copied to $target. Run the browser tests: dotnet test tests/OnboardingBot.BrowserTests"
