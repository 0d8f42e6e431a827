#!/usr/bin/env bash
# Records what sslscan (the Debian package, the reference the issue names) reports for every endpoint
# of the running posture lab, and checks that each endpoint shows what it was built to show, with
# sslscan and with openssl/gnutls-cli handshakes that do not depend on sslscan's choices:
#   - the versions sslscan finds enabled are exactly the row's `versions` column;
#   - weak (127.0.0.61) accepts anonymous ECDH and DH suites; gnutls accepts 3DES and NULL suites;
#   - order (127.0.0.62) answers two opposite client orders with the same suite (its own order),
#     noorder (127.0.0.63) with each client's first suite;
#   - the mail endpoints accept TLS 1.0 after STARTTLS/STLS.
# Writes STATEDIR/sslscan/NAME.xml and STATEDIR/expected.json ({"NAME": {"ip", "port", "netns",
# "starttls", ... sslscan-json.py's fields}}), the baseline tlsweep's enumeration is compared with.
#
#   scripts/interop/posture/verify.sh [STATEDIR]     (after start.sh)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
STATE=$(resolve_statedir "${1:-}")
OUT=$STATE/sslscan
mkdir -p "$OUT"
failures=0
fail() { echo "posture/verify: FAIL $*" >&2; failures=$((failures + 1)); }
ok() { echo "posture/verify: ok   $*"; }

# in_ns NETNS CMD...: CMD on the host ("-") or in the lab's namespace.
in_ns() { local ns=$1; shift; if [ "$ns" = - ]; then "$@"; else ip netns exec "$ns" "$@"; fi; }

# --- sslscan, one endpoint at a time ------------------------------------------------------------
t0=$SECONDS
json_parts=()
while IFS=$'\t' read -r name ip port netns starttls versions design; do
  flags=(--no-colour --no-heartbleed --xml="$OUT/$name.xml")
  [ "$starttls" = none ] || flags+=("--starttls-$starttls")
  in_ns "$netns" sslscan "${flags[@]}" "$ip:$port" >"$OUT/$name.txt" 2>&1 \
    || { fail "$name: sslscan failed ($(tail -1 "$OUT/$name.txt"))"; continue; }
  summary=$("$HERE/sslscan-json.py" "$OUT/$name.xml") || { fail "$name: unreadable sslscan XML"; continue; }
  found=$(jq -r '.versions | join(",")' <<<"$summary")
  if [ "$found" = "$versions" ]; then ok "$name: versions $found"; else fail "$name: versions '$found', built for '$versions'"; fi
  json_parts+=("$(jq -c --arg name "$name" --arg ip "$ip" --argjson port "$port" --arg netns "$netns" \
    --arg starttls "$starttls" --arg design "$design" \
    '{($name): ({ip: $ip, port: $port, netns: (if $netns == "-" then null else $netns end),
      starttls: (if $starttls == "none" then null else $starttls end), design: $design} + .)}' <<<"$summary")")
done < <(endpoints)
printf '%s\n' "${json_parts[@]}" | jq -s 'add' >"$STATE/expected.json"
echo "posture/verify: sslscan took $((SECONDS - t0)) s for $(endpoints | wc -l) endpoints; baseline in $STATE/expected.json"

# --- what each endpoint is built to show ------------------------------------------------------
accepted() { # NAME ID: sslscan saw suite ID accepted in some version
  jq -e --arg n "$1" --arg id "$2" '[.[$n].suites[][] | select(.id == $id)] | length > 0' "$STATE/expected.json" >/dev/null
}
for id_name in 0xc018:AECDH-AES128-SHA 0x0034:ADH-AES128-SHA; do
  if accepted weak "${id_name%%:*}"; then ok "weak: accepts ${id_name#*:}"; else fail "weak: ${id_name#*:} not accepted"; fi
done
for id_name in 0x000a:TLS_RSA_WITH_3DES_EDE_CBC_SHA 0x0002:NULL-SHA 0xc017:TLS_ECDH_anon_WITH_3DES_EDE_CBC_SHA; do
  if accepted gnutls "${id_name%%:*}"; then ok "gnutls: accepts ${id_name#*:}"; else fail "gnutls: ${id_name#*:} not accepted"; fi
done
# The same 3DES suite by GnuTLS's own client, independent of sslscan's raw hello.
if ip netns exec "$POSTURE_NETNS" gnutls-cli --insecure --priority \
    'NONE:+VERS-TLS1.2:+3DES-CBC:+RSA:+SHA1:+COMP-NULL:+SIGN-ALL:+GROUP-ALL' 127.0.0.1 -p 443 </dev/null 2>&1 \
    | grep -q '(RSA)-(3DES-CBC)-(SHA1)'; then
  ok "gnutls: gnutls-cli negotiates RSA 3DES-CBC SHA1"
else
  fail "gnutls: gnutls-cli could not negotiate RSA 3DES-CBC SHA1"
fi

# chosen IP CIPHERS: the TLS 1.2 suite the server picks from this client order.
chosen() {
  openssl s_client -connect "$1:443" -tls1_2 -cipher "$2" </dev/null 2>/dev/null \
    | awk '/^ *Cipher *:/ { print $3; exit }'
}
A=ECDHE-ECDSA-AES128-GCM-SHA256 B=ECDHE-ECDSA-AES256-GCM-SHA384
order_ab=$(chosen 127.0.0.62 "$A:$B"); order_ba=$(chosen 127.0.0.62 "$B:$A")
if [ "$order_ab" = "$B" ] && [ "$order_ba" = "$B" ]; then ok "order: picks its own first ($B) whatever the client's order"
else fail "order: picked '$order_ab' for $A:$B and '$order_ba' for $B:$A (want $B both times)"; fi
noorder_ab=$(chosen 127.0.0.63 "$A:$B"); noorder_ba=$(chosen 127.0.0.63 "$B:$A")
if [ "$noorder_ab" = "$A" ] && [ "$noorder_ba" = "$B" ]; then ok "noorder: follows the client's order"
else fail "noorder: picked '$noorder_ab' for $A:$B and '$noorder_ba' for $B:$A (want the client's first)"; fi

for name_proto in imap:imap pop3:pop3; do
  name=${name_proto%%:*} proto=${name_proto#*:}
  port=$(endpoints | awk -F'\t' -v n="$name" '$1 == n { print $3 }')
  if openssl s_client -connect "127.0.0.64:$port" -starttls "$proto" -tls1 -cipher 'DEFAULT:@SECLEVEL=0' </dev/null 2>/dev/null \
      | grep -q 'Protocol *: TLSv1$'; then
    ok "$name: TLS 1.0 after STARTTLS ($proto)"
  else
    fail "$name: no TLS 1.0 handshake after STARTTLS ($proto)"
  fi
done

[ $failures -eq 0 ] || { echo "posture/verify: $failures check(s) failed" >&2; exit 1; }
echo "posture/verify: every endpoint shows what it was built to show"
