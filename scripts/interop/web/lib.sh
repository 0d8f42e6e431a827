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

# is_ours PID STATEDIR: the PID is alive and either works in STATEDIR (start.sh launches every
# server there) or its command line names STATEDIR. Guards stop.sh against a stale PID file whose
# number the kernel has since given to someone else's process.
is_ours() {
  local pid=$1 state=$2 cwd
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  cwd=$(readlink "/proc/$pid/cwd" 2>/dev/null || true)
  case $cwd in "$state" | "$state"/*) return 0 ;; esac
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$state/"
}

# descendants PID: every process below PID (nginx workers), children before grandchildren.
descendants() {
  local child
  for child in $(pgrep -P "$1" || true); do
    echo "$child"
    descendants "$child"
  done
}
