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

# is_ours, descendants, starttime, alive, stop_lab.
. "$(dirname "${BASH_SOURCE[0]}")/proc-lib.sh"
