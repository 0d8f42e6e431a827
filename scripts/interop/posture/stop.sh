#!/usr/bin/env bash
# Stops the TLS posture lab started by start.sh: only the PIDs in STATEDIR/run/*.pid, and only when
# such a PID still works in or names STATEDIR (a stale PID may have been reused).
#
#   scripts/interop/posture/stop.sh [STATEDIR]   (default: .interop-posture/ in the repo root)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
STATE=$(resolve_statedir "${1:-}")
stop_lab posture/stop "$STATE" "${INTEROP_POSTURE_STOP_SECONDS:-30}"
ip netns del "$POSTURE_NETNS" 2>/dev/null || true
