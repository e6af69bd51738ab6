#!/usr/bin/env bash
# Runs the Bicep CLI pinned in Directory.Packages.props (NuGet package Azure.Bicep.CommandLine.linux-x64), restoring it
# first when missing. Needs no Azure login and no network beyond NuGet. Usage: scripts/bicep.sh build|lint|… <args>
set -euo pipefail
cd "$(dirname "$0")/.."
project=deployment/azure/BicepCli/BicepCli.csproj
dotnet restore "$project" -nologo -v quiet >/dev/null
bicep=$(dotnet msbuild "$project" -nologo -getProperty:BicepPath)
bicep=${bicep//\\//}
[ -x "$bicep" ] || chmod u+x "$bicep"
exec "$bicep" "$@"
