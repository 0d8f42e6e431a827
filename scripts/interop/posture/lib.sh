# Shared by the posture lab's start.sh, stop.sh and verify.sh (sourced, not run).

POSTURE_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
POSTURE_REPO_ROOT=$(cd "$POSTURE_HOME/../../.." && pwd)
# What each endpoint is built to show.
POSTURE_ENDPOINTS=$POSTURE_HOME/endpoints.tsv

# resolve_statedir [DIR] -> absolute STATEDIR (default: .interop-posture/ in the repo root; lab-lib.sh).
resolve_statedir() { lab_statedir posture "${1:-}"; }

# endpoints: the rows of endpoints.tsv without comments and blank lines, tab-separated:
#   name ip port netns starttls versions design
endpoints() { table_rows "$POSTURE_ENDPOINTS"; }

# The network namespace of the endpoints that can only bind the wildcard address (gnutls-serv).
POSTURE_NETNS=tlsweep-posture

# lab_statedir, table_rows, need_tools, stop_if_running; is_ours, descendants, starttime, alive, stop_lab.
. "$(dirname "${BASH_SOURCE[0]}")/../lab-lib.sh"
