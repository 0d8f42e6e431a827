#!/usr/bin/env bash
# Judges tlsweep's `--enum fast` of the STARTTLS services lab against `openssl s_client`, one
# handshake per fact, so enumeration is shown to work through every upgrade dialect (SMTP, IMAP,
# POP3, ManageSieve, LDAP, FTP, PostgreSQL, MySQL, NNTP, XMPP) and on the implicit-TLS ports:
#
#   ./tlsweep scan 127.0.0.20-31 -p tls --enum fast --ca-file STATE/pki/root.pem -q -o enum.ndjson
#   ./tlsweep scan 127.0.0.26:5222 --sni xmpp.interop.test --enum fast ... -o enum-xmpp.ndjson
#   scripts/interop/services/check-enum.sh STATE enum.ndjson [enum-xmpp.ndjson]
#
# For every endpoint of endpoints.tsv that speaks TLS (tls_mode implicit or starttls):
#   record     exactly one record for ip:port, with an `enum` object at level fast, complete, at most
#              16 hellos (fast's budget: ~10, plus one confirmation per legacy version);
#   versions   TLS 1.0 ... 1.3 each in `enum.versions` exactly when `openssl s_client -tlsX`
#              (with the row's -starttls, SECLEVEL 0) completes a handshake at that version;
#   anonymous  the finding cipher_anonymous exactly when `s_client -tls1_2 -cipher aNULL` completes.
# Prints PASS/FAIL per check; exit 0 when all pass, 1 otherwise, 2 on bad usage.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 2 ] || { echo "usage: $0 STATEDIR SWEEP.ndjson [SWEEP.ndjson ...]" >&2; exit 2; }
state=$1; shift
for f in "$@"; do [ -r "$f" ] || { echo "check-enum (services): cannot read $f" >&2; exit 2; }; done
records=$(cat "$@" | jq -c 'select(.transport == "tcp")') || { echo "check-enum (services): not NDJSON" >&2; exit 2; }
passed=0 failed=0
check() { # NAME WHAT OK DETAIL
  if [ "$3" = 1 ]; then passed=$((passed + 1)); echo "PASS  $1 $2: $4"
  else failed=$((failed + 1)); echo "FAIL  $1 $2: $4"; fi
}

# handshake IP PORT STARTTLS SNI FLAG...: 0 when s_client completes a handshake (prints its protocol).
handshake() {
  local ip=$1 port=$2 proto=$3 sni=$4; shift 4
  local args=(-connect "$ip:$port" -servername "$sni" "$@")
  [ "$proto" = - ] || args+=(-starttls "$proto")
  [ "$proto" = xmpp ] && args+=(-xmpphost "$sni")
  # A completed handshake: a "New, ..., Cipher is X" line without "(NONE)" (its version is the
  # cipher's, not the session's), then the session's "Protocol  : TLSv1.1" line; TLS 1.3 prints no
  # session block before stdin's EOF ends it, but its "New, TLSv1.3" line is the session's version.
  timeout 10 openssl s_client "${args[@]}" </dev/null 2>/dev/null \
    | awk '/^New, / { done = !/\(NONE\)/; if (done && $2 == "TLSv1.3,") { print "TLSv1.3"; found = 1; exit } }
           done && /^ *Protocol *:/ { print $3; found = 1; exit } END { exit !found }'
}

while IFS=$'\t' read -r name ip port _service _server mode proto sni _leaf _v _pm _diag; do
  case "$name" in '#'*|'') continue ;; esac
  [ "$mode" = implicit ] || [ "$mode" = starttls ] || continue
  [ "$mode" = implicit ] && proto=-
  # One record per ip:port, or, where a sweep without SNI and one with the row's name both probed it
  # (XMPP wants its domain), the one with the name.
  rec=$(jq -c -s --arg ip "$ip" --argjson port "$port" --arg sni "$sni" \
    'map(select(.ip == $ip and .port == $port)) | (if length > 1 then map(select(.sni == $sni)) else . end) | .[]' \
    <<<"$records")
  n=$(grep -c . <<<"$rec" || true)
  if [ "$n" != 1 ] || [ "$(jq -r '.enum.level // "none"' <<<"$rec")" != fast ]; then
    check "$name" record 0 "$n records for $ip:$port, enum $(jq -c '.enum.level // null' <<<"$rec" 2>/dev/null | head -1)"
    continue
  fi
  hellos=$(jq '.enum.hellos' <<<"$rec") complete=$(jq '.enum.complete' <<<"$rec")
  ok=0; [ "$complete" = true ] && [ "$hellos" -ge 1 ] && [ "$hellos" -le 16 ] && ok=1
  check "$name" record "$ok" "complete $complete in $hellos hellos"
  ours=$(jq -r '.enum.versions | join(",")' <<<"$rec")
  theirs=()
  for pair in tls1:TLSv1 tls1_1:TLSv1.1 tls1_2:TLSv1.2 tls1_3:TLSv1.3; do   # s_client's flag : its name
    flag=${pair%%:*} want=${pair#*:} cipher=()
    [ "$flag" = tls1_3 ] || cipher=(-cipher 'DEFAULT:@SECLEVEL=0')
    got=$(handshake "$ip" "$port" "$proto" "$sni" "-$flag" "${cipher[@]}" || true)
    [ "$got" = "$want" ] && theirs+=("$want")
  done
  theirs_joined=$(IFS=,; echo "${theirs[*]}")
  ok=0; [ "$ours" = "$theirs_joined" ] && ok=1
  check "$name" versions "$ok" "tlsweep $ours; s_client $theirs_joined"
  anon_ours=$(jq '[.findings[].code] | index("cipher_anonymous") != null' <<<"$rec")
  anon_theirs=false
  handshake "$ip" "$port" "$proto" "$sni" -tls1_2 -cipher 'aNULL:@SECLEVEL=0' >/dev/null && anon_theirs=true
  ok=0; [ "$anon_ours" = "$anon_theirs" ] && ok=1
  check "$name" anonymous "$ok" "tlsweep cipher_anonymous $anon_ours; s_client aNULL handshake $anon_theirs"
done <"$HERE/endpoints.tsv"
echo "check-enum (services): $passed/$((passed + failed)) checks passed"
[ "$failed" -eq 0 ]
