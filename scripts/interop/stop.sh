#!/usr/bin/env bash
# Stops the interop lab started by start.sh: only the PIDs in STATEDIR/run/*.pid, and only when
# such a process still names STATEDIR on its command line (a stale PID may have been reused).
#
#   scripts/interop/stop.sh [STATEDIR]      (default: .interop/ in the repo root)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
STATE=$(resolve_statedir "${1:-}")
stop_lab stop "$STATE" "${INTEROP_STOP_SECONDS:-5}"
