# Shared by start.sh and stop.sh (sourced, not run).

# The repository root, whichever directory the caller runs from.
INTEROP_REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# resolve_statedir [DIR] -> absolute STATEDIR (default: .interop/ in the repo root, gitignored).
# Absolute, because nginx and the PID checks in stop.sh compare paths literally.
resolve_statedir() {
  local dir=${1:-$INTEROP_REPO_ROOT/.interop}
  mkdir -p "$dir"
  (cd "$dir" && pwd)
}

# is_ours PID STATEDIR: the PID is alive and either runs in STATEDIR (start.sh launches every server
# there) or its command line names STATEDIR. Guards stop.sh against a stale PID file whose number
# the kernel has since given to someone else's process. The working directory matters for servers
# whose arguments name no file (the anonymous s_server has no certificate).
is_ours() {
  local pid=$1 state=$2
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  [ "$(readlink "/proc/$pid/cwd" 2>/dev/null)" = "$state" ] && return 0
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$state/"
}
