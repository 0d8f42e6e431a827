#!/usr/bin/env bash
# Stops the interop lab started by start.sh: only the PIDs in STATEDIR/run/*.pid, and only when
# such a process still names STATEDIR on its command line (a stale PID may have been reused).
#
#   scripts/interop/stop.sh [STATEDIR]      (default: .interop/ in the repo root)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
STATE=$(resolve_statedir "${1:-}")
RUN=$STATE/run

shopt -s nullglob
pidfiles=("$RUN"/*.pid)
if [ ${#pidfiles[@]} -eq 0 ]; then
  echo "stop: nothing running under $STATE"
  exit 0
fi

declare -A victims=()   # pid -> server name
for f in "${pidfiles[@]}"; do
  name=$(basename "$f" .pid)
  pid=$(cat "$f" 2>/dev/null || true)
  if is_ours "$pid" "$STATE"; then
    victims[$pid]=$name
    # nginx workers are children of the master; remember them in case the master needs SIGKILL
    # (a KILLed master leaves its workers serving).
    for child in $(pgrep -P "$pid" || true); do victims[$child]="$name (child)"; done
    kill -TERM "$pid" 2>/dev/null || true
  else
    echo "stop: $name: pid '${pid}' is not running (or not ours); removing stale pid file"
  fi
  rm -f "$f"
done

# Bounded wait for a clean exit, then SIGKILL whatever is left.
for _ in $(seq 50); do
  alive=0
  for pid in "${!victims[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
  [ $alive -eq 0 ] && break
  sleep 0.1
done
for pid in "${!victims[@]}"; do
  if kill -0 "$pid" 2>/dev/null; then
    echo "stop: ${victims[$pid]} (pid $pid) ignored SIGTERM; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
done
for pid in "${!victims[@]}"; do
  case ${victims[$pid]} in *"(child)") ;; *) echo "stop: stopped ${victims[$pid]} (pid $pid)";; esac
done
