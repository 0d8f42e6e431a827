# Shared by the posture lab's start.sh, stop.sh and verify.sh (sourced, not run).

POSTURE_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
POSTURE_REPO_ROOT=$(cd "$POSTURE_HOME/../../.." && pwd)
# What each endpoint is built to show.
POSTURE_ENDPOINTS=$POSTURE_HOME/endpoints.tsv

# resolve_statedir [DIR] -> absolute STATEDIR (default: .interop-posture/ in the repo root,
# gitignored). Absolute, because the configs name it and stop.sh compares paths literally.
resolve_statedir() {
  local dir=${1:-$POSTURE_REPO_ROOT/.interop-posture}
  mkdir -p "$dir"
  (cd "$dir" && pwd)
}

# endpoints: the rows of endpoints.tsv without comments and blank lines, tab-separated:
#   name ip port netns starttls versions design
endpoints() { grep -v -e '^#' -e '^[[:space:]]*$' "$POSTURE_ENDPOINTS"; }

# The network namespace of the endpoints that can only bind the wildcard address (gnutls-serv).
POSTURE_NETNS=tlsweep-posture

# is_ours, descendants, starttime, alive, stop_lab.
. "$(dirname "${BASH_SOURCE[0]}")/../proc-lib.sh"
