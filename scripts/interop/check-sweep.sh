#!/usr/bin/env bash
# Judges a scanner's NDJSON output for the interop sweep against what the lab serves:
#
#   tlsweep scan 127.0.0.0/24 -p 443,8443 --ca-file .interop/pki/root.pem [--provider P] -o sweep.ndjson
#   scripts/interop/check-sweep.sh sweep.ndjson [--provider boringssl|jdk]     (default boringssl)
#
# --provider names the TLS provider the sweep was made with: the anonymous-only server at
# 127.0.0.15:8443 completes a handshake with the JDK's provider and fails with BoringSSL.
# Prints a PASS/FAIL table (structure checks, one row per lab endpoint, one row for the 501 other
# endpoints that must be refused) and exits 1 on any FAIL, 2 on a usage error.
# The expectations themselves live in check-sweep.jq beside this script.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
EXPECTED_LINES=512

usage() {
  echo "usage: $0 FILE.ndjson [--provider boringssl|jdk]" >&2
  echo "  (FILE: output of tlsweep scan 127.0.0.0/24 -p 443,8443 --ca-file ROOT [--provider P] -o FILE)" >&2
  exit 2
}
FILE= PROVIDER=boringssl
while [ $# -gt 0 ]; do
  case $1 in
    --provider) [ $# -ge 2 ] || usage; PROVIDER=$2; shift 2 ;;
    --provider=*) PROVIDER=${1#--provider=}; shift ;;
    -*) usage ;;
    *) [ -z "$FILE" ] || usage; FILE=$1; shift ;;
  esac
done
case $PROVIDER in boringssl|jdk) ;; *) echo "check-sweep: unknown provider '$PROVIDER'" >&2; usage ;; esac
{ [ -n "$FILE" ] && [ -r "$FILE" ]; } || usage

# awk counts a last line without a trailing newline too.
lines=$(awk 'END { print NR }' "$FILE")

# Parse line by line so one broken line is reported by number instead of failing the whole file.
parsed=$(jq -R -c '
  (try fromjson catch null) as $v
  | if ($v|type) == "object" then $v else {"__invalid": input_line_number, "__text": .[0:60]} end' "$FILE")

table=$( { if [ "$lines" -eq "$EXPECTED_LINES" ]; then
             printf 'PASS\t(file)\t%s lines\t\n' "$EXPECTED_LINES"
           else
             printf 'FAIL\t(file)\t%s lines\t%s lines\n' "$EXPECTED_LINES" "$lines"
           fi
           printf '%s\n' "$parsed" | jq -s -r --arg provider "$PROVIDER" -f "$HERE/check-sweep.jq"; } )

printf '%-4s  %-16s %-58s %s\n' RES ENDPOINT EXPECTED PROBLEM
printf '%s\n' "$table" | while IFS=$'\t' read -r res endpoint what problem; do
  printf '%-4s  %-16s %-58s %s\n' "$res" "$endpoint" "$what" "$problem"
done

fails=$(printf '%s\n' "$table" | grep -c '^FAIL' || true)
if [ "$fails" -gt 0 ]; then
  echo "check-sweep: $fails check(s) FAILED for $FILE (provider $PROVIDER)"
  exit 1
fi
echo "check-sweep: all checks passed for $FILE (provider $PROVIDER)"
