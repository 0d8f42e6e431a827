# Shared by the web lab's start.sh, stop.sh and verify.sh (sourced, not run).

# This directory and the repository root, whichever directory the caller runs from.
WEB_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WEB_REPO_ROOT=$(cd "$WEB_HOME/../../.." && pwd)
# The design of the lab: per address and SNI, what each server is built to show.
WEB_ENDPOINTS=$WEB_HOME/endpoints.tsv
# The names every address is probed with besides no SNI (the sweep's --sni-names), in order.
WEB_NAMES=(h3.web.test a.web.test b.web.test)

# resolve_statedir [DIR] -> absolute STATEDIR (default: .interop-web/ in the repo root, gitignored).
# Absolute, because the configs name it and stop.sh compares paths literally.
resolve_statedir() {
  local dir=${1:-$WEB_REPO_ROOT/.interop-web}
  mkdir -p "$dir"
  (cd "$dir" && pwd)
}

# endpoints: the rows of endpoints.tsv without comments and blank lines, tab-separated:
#   host ip sni tcp443 hsts alt_svc tls_alpn01 udp443 http01
endpoints() { grep -v -e '^#' -e '^[[:space:]]*$' "$WEB_ENDPOINTS"; }

# is_ours, descendants, starttime, alive, stop_lab.
. "$(dirname "${BASH_SOURCE[0]}")/../proc-lib.sh"
