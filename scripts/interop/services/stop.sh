#!/usr/bin/env bash
# Stops the STARTTLS services lab started by start.sh: only the PIDs in STATEDIR/run/*.pid (and,
# if one ignores its stop signal, the processes it had started), and only when such a PID still
# works in or names STATEDIR (a stale PID may have been reused).
#
#   scripts/interop/services/stop.sh [STATEDIR]   (default: .interop-services/ in the repo root)
#
# Each server gets the signal start.sh recorded in run/SERVER.signal: SIGTERM, except PostgreSQL,
# whose SIGTERM ("smart" shutdown) waits for clients to leave; SIGINT is its fast, clean shutdown.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
STATE=$(resolve_statedir "${1:-}")
stop_lab services/stop "$STATE" "${INTEROP_SERVICES_STOP_SECONDS:-30}"
