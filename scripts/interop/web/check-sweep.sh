#!/usr/bin/env bash
# Judges tlsweep's records for the web lab against what the independent tools saw
# (STATEDIR/expected.json, written by verify.sh). The sweep it is made for:
#
#   ./tlsweep scan 127.0.0.50-56 -p 80,443,443/udp --acme --http \
#       --sni-names h3.web.test,a.web.test,b.web.test --ca-file .interop-web/pki/root.pem -o web.ndjson
#   scripts/interop/web/check-sweep.sh .interop-web/expected.json web.ndjson
#
# Every address is probed without SNI and with each name, so the sweep holds exactly one record
# per address x {443/tcp, 443/udp} x {no SNI, each name}, and per address one port-80 record
# without SNI (or one per name as well: either layout passes, each record is judged). Checked per
# record (the expectations live in check-sweep.jq beside this script):
#   443/tcp  status, or the alert; leaf SHA-256; trusted; http status/protocol/server/hsts/alt_svc
#            (h3_reachable: whether 443/udp of the address answered); acme.tls_alpn01.accepted;
#            sni_matrix on the no-SNI record (default cert, names -> certs), null elsewhere
#   443/udp  success with tls_mode quic, TLSv1.3, ALPN h3, QUIC v1, the leaf, same_cert_as_tcp; or
#            alert with the CONNECTION_CLOSE code; or timeout
#   80/tcp   acme.http01 result, HTTP status, Location prefix; status success, or refused when blocked
#   findings alt_svc_h3_unreachable exactly on the TCP/443 records of an address whose Alt-Svc
#            advertises h3 without a QUIC listener; acme_http01_blocked exactly on the port-80
#            records of a blocked address (and nowhere on the other addresses)
# Prints a PASS/FAIL table; exit 0 when every check passes, 1 otherwise, 2 on bad usage.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
[ $# -eq 2 ] || { echo "usage: $0 EXPECTED.json SWEEP.ndjson" >&2; exit 2; }
expected=$1 sweep=$2
for f in "$expected" "$sweep"; do [ -r "$f" ] || { echo "check-sweep (web): cannot read $f" >&2; exit 2; }; done
jq -e '.names and (.endpoints | length > 0)' "$expected" >/dev/null 2>&1 ||
  { echo "check-sweep (web): $expected is not verify.sh's expected.json" >&2; exit 2; }

# Parse line by line so one broken line is reported by number instead of failing the whole file.
table=$(jq -R -c '(try fromjson catch null) as $v
    | if ($v | type) == "object" then $v else {"__invalid": input_line_number, "__text": .[0:60]} end' "$sweep" |
  jq -s -r --slurpfile exp "$expected" '$exp[0] as $exp | '"$(cat "$HERE/check-sweep.jq")")

printf '%s\n' "$table" | awk -F'\t' '{ printf "%-4s  %-32s %-9s %s\n", $1, $2, $3, $4 }'
fails=$(printf '%s\n' "$table" | grep -c '^FAIL' || true)
total=$(printf '%s\n' "$table" | grep -c . || true)
if [ "$fails" -gt 0 ] || [ "$total" -eq 0 ]; then
  echo "check-sweep (web): $fails of $total checks FAILED for $sweep" >&2
  exit 1
fi
echo "check-sweep (web): all $total checks passed for $sweep"
