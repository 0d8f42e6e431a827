# Shared by start.sh and stop.sh (sourced, not run).

# The repository root, whichever directory the caller runs from.
INTEROP_REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# resolve_statedir [DIR] -> absolute STATEDIR (default: .interop/ in the repo root; lab-lib.sh).
resolve_statedir() { lab_statedir "" "${1:-}"; }

# lab_statedir, table_rows, need_tools, stop_if_running; is_ours, descendants, starttime, alive, stop_lab.
. "$(dirname "${BASH_SOURCE[0]}")/lab-lib.sh"
