# Shared by every interop lab's lib.sh (sourced, not run): where a lab keeps its state, how its
# tables are read, start.sh's tool check and restart, and (from proc-lib.sh) the process helpers.
# LAB below is the lab's directory under scripts/interop/ (jarm, posture, services, web), or "" for
# the nginx/s_server lab in scripts/interop/ itself.

LAB_REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# lab_statedir LAB [DIR] -> absolute STATEDIR; default .interop-LAB/ (.interop/ for LAB "") in the
# repo root, gitignored. Absolute, because the configs name it and stop.sh compares paths literally.
lab_statedir() {
  local dir=${2:-$LAB_REPO_ROOT/.interop${1:+-$1}}
  mkdir -p "$dir"
  (cd "$dir" && pwd)
}

# table_rows FILE: a lab table's rows, without comments and blank lines.
table_rows() { grep -v -e '^#' -e '^[[:space:]]*$' "$1"; }

# need_tools LAB TOOL...: every TOOL is on PATH or in /usr/sbin, else one line naming the lab's
# setup.sh, and exit 1.
need_tools() {
  local lab=$1 tool; shift
  for tool in "$@"; do
    command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || {
      echo "${lab:+$lab/}start: $tool missing; run scripts/interop/${lab:+$lab/}setup.sh" >&2
      exit 1
    }
  done
}

# stop_if_running LAB STATE: a second start replaces the first rather than failing on its own
# ports: a lab with PID files under STATE/run is stopped first (by its own stop.sh).
stop_if_running() {
  local lab=$1 state=$2
  if compgen -G "$state/run/*.pid" >/dev/null; then
    echo "${lab:+$lab/}start: a lab is already running under $state; stopping it first"
    "$LAB_REPO_ROOT/scripts/interop/${lab:+$lab/}stop.sh" "$state"
  fi
}

# is_ours, descendants, starttime, alive, stop_lab.
. "$(dirname "${BASH_SOURCE[0]}")/proc-lib.sh"
