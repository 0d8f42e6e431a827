# Shared by the JARM lab's start.sh, stop.sh and verify.sh (sourced, not run).

JARM_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
JARM_REPO_ROOT=$(cd "$JARM_HOME/../../.." && pwd)
# name, address, port, expected JARM, configuration (tab-separated; see the file's header).
JARM_VECTORS=$JARM_HOME/vectors.tsv

# resolve_statedir [DIR] -> absolute STATEDIR (default: .interop-jarm/ in the repo root, gitignored).
resolve_statedir() {
  local dir=${1:-$JARM_REPO_ROOT/.interop-jarm}
  mkdir -p "$dir"
  (cd "$dir" && pwd)
}

# vectors: the rows of vectors.tsv without comments and blank lines.
vectors() { grep -v -e '^#' -e '^[[:space:]]*$' "$JARM_VECTORS"; }

# is_ours PID STATEDIR: the PID is alive and works in or names STATEDIR (guards against reused PIDs).
is_ours() {
  local pid=$1 state=$2 cwd
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  cwd=$(readlink "/proc/$pid/cwd" 2>/dev/null || true)
  case $cwd in "$state" | "$state"/*) return 0 ;; esac
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$state/"
}

# descendants PID: every process below PID (nginx workers), children before grandchildren.
descendants() {
  local child
  for child in $(pgrep -P "$1" || true); do
    echo "$child"
    descendants "$child"
  done
}
