# Shared by the JARM lab's start.sh, stop.sh and verify.sh (sourced, not run).

JARM_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
JARM_REPO_ROOT=$(cd "$JARM_HOME/../../.." && pwd)
# name, address, port, expected JARM, configuration (tab-separated; see the file's header).
JARM_VECTORS=$JARM_HOME/vectors.tsv

# resolve_statedir [DIR] -> absolute STATEDIR (default: .interop-jarm/ in the repo root; lab-lib.sh).
resolve_statedir() { lab_statedir jarm "${1:-}"; }

# vectors: the rows of vectors.tsv without comments and blank lines.
vectors() { table_rows "$JARM_VECTORS"; }

# lab_statedir, table_rows, need_tools, stop_if_running; is_ours, descendants, starttime, alive, stop_lab.
. "$(dirname "${BASH_SOURCE[0]}")/../lab-lib.sh"
