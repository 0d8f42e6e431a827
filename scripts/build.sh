#!/usr/bin/env bash
# Builds the runnable jar cli/target/tlsweep.jar (tests skipped: scripts/test.sh runs them).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
"$here/scripts/setup.sh"
cd "$here"
mvn -q -B -DskipTests -pl cli -am package
"$here/scripts/cds.sh" || true
