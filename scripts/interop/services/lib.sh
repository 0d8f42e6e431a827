# Shared by start.sh, stop.sh and verify-openssl.sh of the STARTTLS services lab (sourced, not run).

# The repository root, whichever directory the caller runs from.
SERVICES_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SERVICES_REPO_ROOT=$(cd "$SERVICES_HOME/../../.." && pwd)
# The endpoint table: what listens where, in which TLS mode, and the version s_client saw.
SERVICES_ENDPOINTS=$SERVICES_HOME/endpoints.tsv

# resolve_statedir [DIR] -> absolute STATEDIR (default: .interop-services/ in the repo root; lab-lib.sh).
resolve_statedir() { lab_statedir services "${1:-}"; }

# endpoints: the rows of endpoints.tsv without comments and blank lines, tab-separated:
#   name ip port service server tls_mode starttls_protocol servername leaf tls_version port_mode diagnosis
endpoints() { table_rows "$SERVICES_ENDPOINTS"; }

# lab_statedir, table_rows, need_tools, stop_if_running; is_ours, descendants, starttime, alive, stop_lab.
. "$(dirname "${BASH_SOURCE[0]}")/../lab-lib.sh"
