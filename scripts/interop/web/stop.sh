#!/usr/bin/env bash
# Stops the web lab started by start.sh: only the PIDs in STATEDIR/run/*.pid (and,
# if one ignores its stop signal, the processes it had started), and only when such a PID still
# works in or names STATEDIR (a stale PID may have been reused).
#
#   scripts/interop/web/stop.sh [STATEDIR]   (default: .interop-web/ in the repo root)
#
# Every server (caddy, nginx, the acme-tls s_server) stops cleanly on SIGTERM.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
STATE=$(resolve_statedir "${1:-}")
stop_lab web/stop "$STATE" "${INTEROP_WEB_STOP_SECONDS:-30}"
# nginx's unix socket behind 127.0.0.56 (start.sh removes it too, before binding).
rm -f "$STATE/run/https-56.sock"
