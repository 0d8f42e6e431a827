# Shared by the web lab's start.sh, stop.sh and verify.sh (sourced, not run).

# This directory and the repository root, whichever directory the caller runs from.
WEB_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WEB_REPO_ROOT=$(cd "$WEB_HOME/../../.." && pwd)
# The design of the lab: per address and SNI, what each server is built to show.
WEB_ENDPOINTS=$WEB_HOME/endpoints.tsv
# The names every address is probed with besides no SNI (the sweep's --sni-names), in order.
WEB_NAMES=(h3.web.test a.web.test b.web.test)

# resolve_statedir [DIR] -> absolute STATEDIR (default: .interop-web/ in the repo root; lab-lib.sh).
resolve_statedir() { lab_statedir web "${1:-}"; }

# endpoints: the rows of endpoints.tsv without comments and blank lines, tab-separated:
#   host ip sni tcp443 hsts alt_svc tls_alpn01 udp443 http01
endpoints() { table_rows "$WEB_ENDPOINTS"; }

# lab_statedir, table_rows, need_tools, stop_if_running; is_ours, descendants, starttime, alive, stop_lab.
. "$(dirname "${BASH_SOURCE[0]}")/../lab-lib.sh"
