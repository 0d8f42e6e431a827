#!/usr/bin/env bash
# Mode detection on ports nobody catalogued: real PostgreSQL, slapd and Postfix of the running
# STARTTLS lab, reached through plain TCP relays (socat) on 127.0.0.40 at ports no catalogue names.
# tlsweep must find each service's TLS upgrade on its own (PostgreSQL and slapd hang up on a
# ClientHello; Postfix greets) and say so in `diagnosis`.
#
#   scripts/interop/services/check-uncatalogued.sh [STATEDIR]     (the lab must be running)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
state=$(cd "${1:-$root/.interop-services}" && pwd)
relay_ip=127.0.0.40
# relay port -> lab endpoint, protocol the scan must find
relays=("15432 127.0.0.24:5432 postgres" "10389 127.0.0.22:389 ldap" "2525 127.0.0.20:25 smtp")

pids=()
cleanup() { [ ${#pids[@]} -eq 0 ] || kill "${pids[@]}" 2>/dev/null || true; }
trap cleanup EXIT
ports=()
for r in "${relays[@]}"; do
  read -r port upstream _ <<<"$r"
  socat "TCP-LISTEN:$port,bind=$relay_ip,fork,reuseaddr" "TCP:$upstream" 2>/dev/null &
  pids+=($!)
  ports+=("$port")
done
for port in "${ports[@]}"; do   # bounded wait until every relay listens
  for _ in $(seq 50); do ss -Hltn | awk '{print $4}' | grep -qx "$relay_ip:$port" && break; sleep 0.1; done
done

out="$state/sweep-uncatalogued.ndjson"
"$root/tlsweep" scan "$relay_ip" -p "$(IFS=,; echo "${ports[*]}")" --ca-file "$state/pki/root.pem" -q -o "$out"

fails=0
for r in "${relays[@]}"; do
  read -r port upstream proto <<<"$r"
  got=$(jq -c --argjson p "$port" 'select(.port == $p) | [.status, .tls_mode, .prelude.protocol, .tls.version, .diagnosis]' "$out")
  want="[\"success\",\"starttls\",\"$proto\",\"TLSv1.3\",\"$port is not a catalogued TLS port; the server speaks"
  if [[ "$got" == "$want"* ]]; then
    echo "PASS  $relay_ip:$port -> $upstream  $got"
  else
    echo "FAIL  $relay_ip:$port -> $upstream  got $got, want $want..."
    fails=$((fails + 1))
  fi
done
[ "$fails" -eq 0 ] || { echo "check-uncatalogued: $fails failed" >&2; exit 1; }
echo "check-uncatalogued: every service found on a port nobody catalogued"
