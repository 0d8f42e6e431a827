#!/usr/bin/env bash
# Proves check-sweep.sh catches what it should, without the lab or tlsweep: a synthetic good sweep
# (built by testdata/good-sweep.jq from testdata/expected.json, a real verify.sh result) must pass in
# both port-80 layouts, and every mutation of it (one fact changed, a record lost or doubled, a
# broken line, ...) must fail with exit 1; bad usage must exit 2.
#
#   scripts/interop/web/selftest.sh          (SEED=N for the randomized part)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
CHECK=$HERE/check-sweep.sh
EXP=$HERE/testdata/expected.json
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
jq -c --argjson named80 false -f "$HERE/testdata/good-sweep.jq" "$EXP" >"$TMP/good.ndjson"
jq -c --argjson named80 true -f "$HERE/testdata/good-sweep.jq" "$EXP" >"$TMP/good80.ndjson"

cases=0 failures=0
bad() { echo "selftest FAIL: $*"; failures=$((failures + 1)); }
run() { RC=0; "$CHECK" "$@" >"$TMP/out" 2>&1 || RC=$?; }
expect() {   # expect RC NAME FILE
  cases=$((cases + 1)); run "$EXP" "$3"
  [ "$RC" -eq "$1" ] || { bad "$2: want exit $1, got $RC"; tail -3 "$TMP/out"; }
}
# mutate NAME "IP PORT TRANSPORT SNI|-" JQ: the good sweep with JQ applied to that one record
mutate() {
  local name=$1 ip port transport sni
  read -r ip port transport sni <<<"$2"
  jq -c --arg ip "$ip" --argjson port "$port" --arg t "$transport" --arg sni "$sni" \
    "if .ip == \$ip and .port == \$port and .transport == \$t and (.sni // \"-\") == \$sni then $3 else . end" \
    "$TMP/good.ndjson" >"$TMP/m.ndjson"
  cmp -s "$TMP/m.ndjson" "$TMP/good.ndjson" && { bad "$name: the mutation changed nothing"; return; }
  expect 1 "$name" "$TMP/m.ndjson"
}

# --- the good sweeps pass ------------------------------------------------------------------------
expect 0 "good sweep (port 80 without SNI only)" "$TMP/good.ndjson"
expect 0 "good sweep (port 80 per name too)" "$TMP/good80.ndjson"

# --- one fact wrong --------------------------------------------------------------------------------
C='127.0.0.50 443 tcp -'
mutate "caddy: leaf"                 "$C" '.cert.sha256 = ("0" * 64)'
mutate "caddy: untrusted"            "$C" '.verdict.trusted = false'
mutate "caddy: hsts preload"         "$C" '.http.hsts.preload = false'
mutate "caddy: hsts max_age"         "$C" '.http.hsts.max_age = 0'
mutate "caddy: hsts gone"            "$C" '.http.hsts = null'
mutate "caddy: h3 unreachable"       "$C" '.http.alt_svc.h3_reachable = false'
mutate "caddy: h3_port"              "$C" '.http.alt_svc.h3_port = 8443'
mutate "caddy: stray finding"        "$C" '.findings += [{code: "alt_svc_h3_unreachable", detail: null}]'
mutate "caddy: http/1.1"             "$C" '.http.protocol = "http/1.1"'
mutate "caddy: server"               "$C" '.http.server = "nginx"'
mutate "caddy: no http"              "$C" '.http = null'
mutate "caddy: acme-tls/1 accepted"  "$C" '.acme.tls_alpn01.accepted = true'
mutate "caddy: matrix default"       "$C" '.sni_matrix.default_cert = null'
mutate "caddy: matrix sni_required"  "$C" '.sni_matrix.sni_required = true'
mutate "caddy: matrix name status"   "$C" '.sni_matrix.names[1].status = "success"'
mutate "caddy: matrix gone"          "$C" '.sni_matrix = null'
mutate "caddy: quic on tcp"          "$C" '.quic = {version: "v1"}'
mutate "caddy a: success"            '127.0.0.50 443 tcp a.web.test' '.status = "success" | .error = null'
mutate "caddy a: other alert"        '127.0.0.50 443 tcp a.web.test' '.error = "alert:handshake_failure"'
mutate "caddy a: matrix on a name"   '127.0.0.50 443 tcp a.web.test' '.sni_matrix = {default_cert: null}'
Q='127.0.0.50 443 udp h3.web.test'
mutate "quic: draft-29"              "$Q" '.quic.version = "draft-29"'
mutate "quic: alpn h3-29"            "$Q" '.tls.alpn = "h3-29"'
mutate "quic: not same cert"         "$Q" '.quic.same_cert_as_tcp = false'
mutate "quic: same cert unknown"     "$Q" '.quic.same_cert_as_tcp = null'
mutate "quic: timeout"               "$Q" '.status = "timeout"'
mutate "quic: leaf"                  "$Q" '.cert.sha256 = ("1" * 64)'
mutate "quic: tls_mode"              "$Q" '.tls_mode = "implicit"'
mutate "quic: quic null"             "$Q" '.quic = null'
mutate "quic no SNI: failed"         '127.0.0.50 443 udp -' '.status = "alert" | .cert = null'
mutate "quic a: close code"          '127.0.0.50 443 udp a.web.test' '.quic.close_code = 376'
mutate "quic a: success"             '127.0.0.50 443 udp a.web.test' '.status = "success"'
mutate "udp .51: answered"           '127.0.0.51 443 udp -' '.status = "success"'
mutate "udp .51: refused"            '127.0.0.51 443 udp b.web.test' '.status = "refused"'
mutate "vhost a: default cert"       '127.0.0.51 443 tcp a.web.test' ".cert.sha256 = \"$(jq -r '.endpoints[] | select(.ip == "127.0.0.51" and .sni == null) | .tcp443.leaf_sha256' "$EXP")\""
mutate "vhost a: no hsts"            '127.0.0.51 443 tcp a.web.test' '.http.hsts = null'
mutate "vhost a: hsts subdomains"    '127.0.0.51 443 tcp a.web.test' '.http.hsts.include_subdomains = true'
mutate "vhost b: hsts appears"       '127.0.0.51 443 tcp b.web.test' '.http.hsts = {raw: "max-age=1", max_age: 1, include_subdomains: false, preload: false}'
mutate "vhosts: matrix cert lost"    '127.0.0.51 443 tcp -' '.sni_matrix.certs |= .[1:]'
mutate "vhosts: matrix snis"         '127.0.0.51 443 tcp -' '.sni_matrix.certs |= map(.snis = [])'
mutate "vhosts: matrix names order"  '127.0.0.51 443 tcp -' '.sni_matrix.names |= reverse'
mutate "vhosts :80: blocked finding" '127.0.0.51 80 tcp -' '.findings += [{code: "acme_http01_blocked", detail: null}]'
mutate "vhosts :80: redirect_ok"     '127.0.0.51 80 tcp -' '.acme.http01.result = "redirect_ok"'
mutate "vhosts :80: status 200"      '127.0.0.51 80 tcp -' '.acme.http01.status = 200'
mutate "redirect :80: ready"         '127.0.0.52 80 tcp -' '.acme.http01.result = "ready"'
mutate "redirect :80: location"      '127.0.0.52 80 tcp -' '.acme.http01.location = "https://example.test/"'
mutate "redirect :80: tls_alpn01"    '127.0.0.52 80 tcp -' '.acme.tls_alpn01 = {accepted: false}'
mutate "broken :80: redirect_ok"     '127.0.0.53 80 tcp -' '.acme.http01.result = "redirect_ok"'
mutate "no80 :80: success"           '127.0.0.54 80 tcp -' '.status = "success"'
mutate "no80 :80: finding lost"      '127.0.0.54 80 tcp -' '.findings = []'
mutate "no80 :80: ready"             '127.0.0.54 80 tcp -' '.acme.http01.result = "ready"'
mutate "altsvc: finding lost"        '127.0.0.55 443 tcp -' '.findings = []'
mutate "altsvc b: finding lost"      '127.0.0.55 443 tcp b.web.test' '.findings = []'
mutate "altsvc: reachable"           '127.0.0.55 443 tcp -' '.http.alt_svc.h3_reachable = true'
mutate "altsvc: h3 false"            '127.0.0.55 443 tcp h3.web.test' '.http.alt_svc.h3 = false'
mutate "altsvc: reachable unknown"   '127.0.0.55 443 tcp a.web.test' '.http.alt_svc.h3_reachable = null'
mutate "alpn: rejected"              '127.0.0.56 443 tcp -' '.acme.tls_alpn01.accepted = false'
mutate "alpn a: acme gone"           '127.0.0.56 443 tcp a.web.test' '.acme = null'
mutate "alpn: blocked finding on 443 of another address" '127.0.0.52 443 tcp -' '.findings += [{code: "acme_http01_blocked", detail: null}]'

# --- records lost, doubled, foreign, broken ----------------------------------------------------------
n=$(grep -n '"ip":"127.0.0.53","port":443,"transport":"udp"' "$TMP/good.ndjson" | head -1 | cut -d: -f1)
sed "${n}d" "$TMP/good.ndjson" >"$TMP/short.ndjson";               expect 1 "a record lost" "$TMP/short.ndjson"
{ cat "$TMP/good.ndjson"; sed -n "${n}p" "$TMP/good.ndjson"; } >"$TMP/dup.ndjson"; expect 1 "a record twice" "$TMP/dup.ndjson"
{ cat "$TMP/good.ndjson"; sed -n "${n}p" "$TMP/good.ndjson" | jq -c '.ip = "127.0.0.57"'; } >"$TMP/x.ndjson"; expect 1 "an address outside the lab" "$TMP/x.ndjson"
{ cat "$TMP/good.ndjson"; sed -n "${n}p" "$TMP/good.ndjson" | jq -c '.sni = "c.web.test"'; } >"$TMP/x.ndjson"; expect 1 "a name outside the list" "$TMP/x.ndjson"
{ cat "$TMP/good.ndjson"; sed -n "${n}p" "$TMP/good.ndjson" | jq -c '.port = 8443'; } >"$TMP/x.ndjson"; expect 1 "a port outside the sweep" "$TMP/x.ndjson"
sed "${n}s/.*/not json/" "$TMP/good.ndjson" >"$TMP/x.ndjson";      expect 1 "a broken line" "$TMP/x.ndjson"
grep -v '"port":80,"transport":"tcp","host":null,"sni":"b.web.test"' "$TMP/good80.ndjson" >"$TMP/x.ndjson"
expect 1 "named port-80 records for some names only" "$TMP/x.ndjson"
: >"$TMP/empty.ndjson";                                             expect 1 "an empty sweep" "$TMP/empty.ndjson"
cases=$((cases + 1)); run "$EXP"; [ "$RC" -eq 2 ] || bad "one argument: want exit 2, got $RC"
cases=$((cases + 1)); run "$EXP" "$TMP/nope.ndjson"; [ "$RC" -eq 2 ] || bad "missing sweep: want exit 2, got $RC"
cases=$((cases + 1)); run "$TMP/good.ndjson" "$TMP/good.ndjson"; [ "$RC" -eq 2 ] || bad "a sweep as expected.json: want exit 2, got $RC"

# --- randomized: a random line becomes random bytes, or a random record loses a checked field -------
SEED=${SEED:-$(date +%s)}
RANDOM=$SEED
echo "selftest: randomized part uses SEED=$SEED"
lines=$(wc -l <"$TMP/good.ndjson")
for i in $(seq 1 12); do
  n=$((RANDOM % lines + 1))
  if [ $((i % 2)) -eq 0 ]; then
    head -c $((RANDOM % 120 + 1)) /dev/urandom | tr '\n' ' ' >"$TMP/garbage"
    awk -v n="$n" -v g="$TMP/garbage" 'NR == n { getline line < g; print line; next } { print }' "$TMP/good.ndjson" >"$TMP/r.ndjson"
    what="line $n -> random bytes"
  else
    # fields every record's check reads: ip/port/transport place it, status is always judged (sni is
    # left out: deleting a null sni leaves the record as it was)
    key=$(printf '%s\n' ip port transport status | shuf -n 1 --random-source=<(yes "$RANDOM"))
    jq -c --argjson n "$n" --arg k "$key" 'if input_line_number == $n then del(.[$k]) else . end' "$TMP/good.ndjson" >"$TMP/r.ndjson"
    what="line $n: del .$key"
  fi
  cases=$((cases + 1)); run "$EXP" "$TMP/r.ndjson"
  [ "$RC" -eq 1 ] || bad "random ($what): want exit 1, got $RC"
done

echo "selftest (web): $cases cases, $failures failed"
[ "$failures" -eq 0 ]
