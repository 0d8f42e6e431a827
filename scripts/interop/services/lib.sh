# Shared by start.sh, stop.sh and verify-openssl.sh of the STARTTLS services lab (sourced, not run).

# The repository root, whichever directory the caller runs from.
SERVICES_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SERVICES_REPO_ROOT=$(cd "$SERVICES_HOME/../../.." && pwd)
# The endpoint table: what listens where, in which TLS mode, and the version s_client saw.
SERVICES_ENDPOINTS=$SERVICES_HOME/endpoints.tsv

# resolve_statedir [DIR] -> absolute STATEDIR (default: .interop-services/ in the repo root,
# gitignored). Absolute, because the configs name it and stop.sh compares paths literally.
resolve_statedir() {
  local dir=${1:-$SERVICES_REPO_ROOT/.interop-services}
  mkdir -p "$dir"
  (cd "$dir" && pwd)
}

# endpoints: the rows of endpoints.tsv without comments and blank lines, tab-separated:
#   name ip port service server tls_mode starttls_protocol servername leaf tls_version port_mode diagnosis
endpoints() { grep -v -e '^#' -e '^[[:space:]]*$' "$SERVICES_ENDPOINTS"; }

# is_ours PID STATEDIR: the PID is alive and either works in STATEDIR or below it (every daemon is
# started in STATEDIR; postgres, mariadbd and the postfix master move into their data or queue
# directory there) or its command line names STATEDIR. Guards stop.sh against a stale PID file
# whose number the kernel has since given to someone else's process.
is_ours() {
  local pid=$1 state=$2 cwd
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  cwd=$(readlink "/proc/$pid/cwd" 2>/dev/null || true)
  case $cwd in "$state" | "$state"/*) return 0 ;; esac
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$state/"
}

# descendants PID: every process below PID, children first in the list before grandchildren.
descendants() {
  local child
  for child in $(pgrep -P "$1" || true); do
    echo "$child"
    descendants "$child"
  done
}
