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
RUN=$STATE/run
WAIT_SECONDS=${INTEROP_JARM_STOP_SECONDS:-30}

shopt -s nullglob
pidfiles=("$RUN"/*.pid)
if [ ${#pidfiles[@]} -eq 0 ]; then
  echo "jarm/stop: nothing running under $STATE"
  exit 0
fi

# starttime PID: the kernel's start time of PID (field 22 of /proc/PID/stat). A PID plus its
# start time names one process for good, so a number reused meanwhile is never signalled.
starttime() { awk '{sub(/.*\) /, ""); print $20}' "/proc/$1/stat" 2>/dev/null || true; }
alive() { [ -n "$2" ] && [ "$(starttime "$1")" = "$2" ]; }

declare -A victims=() started=()   # pid -> server name, pid -> start time
for f in "${pidfiles[@]}"; do
  server=$(basename "$f" .pid)
  pid=$(cat "$f" 2>/dev/null || true)
  if is_ours "$pid" "$STATE"; then
    # Children are remembered before the signal, for the SIGKILL fallback: a KILLed master leaves
    # its children (nginx's worker) behind.
    for p in "$pid" $(descendants "$pid"); do
      started[$p]=$(starttime "$p")
      if [ "$p" = "$pid" ]; then victims[$p]=$server; else victims[$p]="$server (child)"; fi
    done
    kill -TERM "$pid" 2>/dev/null || true
  else
    echo "jarm/stop: $server: pid '${pid}' is not running (or not ours); removing stale pid file"
  fi
  rm -f "$f"
done

# Bounded wait for a clean exit, then SIGKILL the rest.
deadline=$((SECONDS + WAIT_SECONDS))
while :; do
  left=0
  for pid in "${!victims[@]}"; do alive "$pid" "${started[$pid]}" && left=1; done
  [ $left -eq 0 ] || [ $SECONDS -ge $deadline ] && break
  sleep 0.2
done
for pid in "${!victims[@]}"; do
  if alive "$pid" "${started[$pid]}"; then
    echo "jarm/stop: ${victims[$pid]} (pid $pid) still running after ${WAIT_SECONDS}s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
done
for pid in "${!victims[@]}"; do
  case ${victims[$pid]} in *"(child)") ;; *) echo "jarm/stop: stopped ${victims[$pid]} (pid $pid)" ;; esac
done
