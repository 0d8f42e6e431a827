# Process helpers shared by the interop labs' start.sh/stop.sh/verify scripts (sourced, not run):
# the nginx/s_server lab (scripts/interop/), the STARTTLS services lab (services/) and the web lab
# (web/). Each lab keeps one PID file per server in STATEDIR/run/SERVER.pid.

# is_ours PID STATEDIR: the PID is alive and either works in STATEDIR or below it (every server is
# started in STATEDIR; postgres, mariadbd and the postfix master move into their data or queue
# directory there), or its command line names STATEDIR. Guards the stop scripts against a stale
# PID file whose number the kernel has since given to someone else's process. The working
# directory matters for servers whose arguments name no file (the anonymous s_server).
is_ours() {
  local pid=$1 state=$2 cwd
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  cwd=$(readlink "/proc/$pid/cwd" 2>/dev/null || true)
  case $cwd in "$state" | "$state"/*) return 0 ;; esac
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$state/"
}

# descendants PID: every process below PID (nginx workers, postfix children, postgres backends),
# children before grandchildren.
descendants() {
  local child
  for child in $(pgrep -P "$1" || true); do
    echo "$child"
    descendants "$child"
  done
}

# starttime PID: the kernel's start time of PID (field 22 of /proc/PID/stat). A PID plus its start
# time names one process for good, so a number reused meanwhile is never signalled.
starttime() { awk '{sub(/.*\) /, ""); print $20}' "/proc/$1/stat" 2>/dev/null || true; }

# alive PID STARTTIME: that very process still runs.
alive() { [ -n "$2" ] && [ "$(starttime "$1")" = "$2" ]; }

# stop_lab LABEL STATEDIR WAIT_SECONDS: stops every server with a PID file in STATEDIR/run, and only
# when is_ours; each gets the signal in run/SERVER.signal (default TERM; PostgreSQL's clean fast
# shutdown is INT). Children are remembered before the signal, for the SIGKILL fallback after
# WAIT_SECONDS: a KILLed master leaves its children serving. PID and signal files are removed.
stop_lab() {
  local label=$1 state=$2 wait_seconds=$3 run=$2/run f server pid signal p deadline left
  local pidfiles=()
  shopt -s nullglob
  pidfiles=("$run"/*.pid)
  shopt -u nullglob
  if [ ${#pidfiles[@]} -eq 0 ]; then
    echo "$label: nothing running under $state"
    return 0
  fi
  local -A victims=() started=()   # pid -> server name, pid -> start time
  for f in "${pidfiles[@]}"; do
    server=$(basename "$f" .pid)
    pid=$(cat "$f" 2>/dev/null || true)
    signal=$(cat "$run/$server.signal" 2>/dev/null || echo TERM)
    if is_ours "$pid" "$state"; then
      for p in "$pid" $(descendants "$pid"); do
        started[$p]=$(starttime "$p")
        if [ "$p" = "$pid" ]; then victims[$p]=$server; else victims[$p]="$server (child)"; fi
      done
      kill "-$signal" "$pid" 2>/dev/null || true
    else
      echo "$label: $server: pid '${pid}' is not running (or not ours); removing stale pid file"
    fi
    rm -f "$f" "$run/$server.signal"
  done
  # Bounded wait for a clean exit (mariadbd and postgres flush to disk first), then SIGKILL the rest.
  deadline=$((SECONDS + wait_seconds))
  while :; do
    left=0
    for pid in "${!victims[@]}"; do alive "$pid" "${started[$pid]}" && left=1; done
    { [ $left -eq 0 ] || [ $SECONDS -ge $deadline ]; } && break
    sleep 0.2
  done
  for pid in "${!victims[@]}"; do
    if alive "$pid" "${started[$pid]}"; then
      echo "$label: ${victims[$pid]} (pid $pid) still running after ${wait_seconds}s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  for pid in "${!victims[@]}"; do
    case ${victims[$pid]} in *"(child)") ;; *) echo "$label: stopped ${victims[$pid]} (pid $pid)" ;; esac
  done
}

# nginx_conf_head: the shared head of every generated nginx.conf.
. "$(dirname "${BASH_SOURCE[0]}")/../nginx-lib.sh"
