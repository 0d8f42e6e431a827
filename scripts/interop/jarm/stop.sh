#!/usr/bin/env bash
# Stops the JARM lab started by start.sh: only the PIDs in STATEDIR/run/*.pid (and,
# if one ignores its stop signal, the processes it had started), and only when such a PID still
# works in or names STATEDIR (a stale PID may have been reused).
#
#   scripts/interop/jarm/stop.sh [STATEDIR]   (default: .interop-jarm/ in the repo root)
#
# Every server (caddy, nginx) stops cleanly on SIGTERM.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
STATE=$(resolve_statedir "${1:-}")
stop_lab jarm/stop "$STATE" "${INTEROP_JARM_STOP_SECONDS:-30}"
