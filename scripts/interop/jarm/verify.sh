#!/usr/bin/env bash
# Runs tlsweep's JARM (io.tlsweep.core.fingerprint.JarmTool, from the runnable jar) against each
# server of the JARM lab and compares it with the reference implementation's value in vectors.tsv.
#
#   scripts/interop/jarm/verify.sh [STATEDIR]   (default: .interop-jarm/; the lab must be running)
#
# First it checks with an independent tool that the lab is what the vectors describe (which
# protocol versions each server accepts, per `openssl s_client`), so that a mismatch can be blamed
# on our JARM rather than on the lab. Prints, per vector, the expected and measured JARM and, for a
# mismatch, the ten raw answers. Writes STATEDIR/results.tsv (name, expected, measured, raw).
# Then it scans the same servers with `tlsweep scan --jarm` and checks that each record's
# fingerprints.jarm equals what JarmTool printed (STATEDIR/scan.ndjson).
# Exit 0 when every vector matches (and every record equals JarmTool), or, for a vector listed in disputed.tsv, when ours equals what
# the reference implementation itself gave against the same server; 1 when a JARM differs; 2 when
# the lab is not as described.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
STATE=$(resolve_statedir "${1:-}")
JAR=$JARM_REPO_ROOT/cli/target/tlsweep.jar
TIMEOUT=${INTEROP_JARM_TIMEOUT:-5}   # seconds per probe (the reference waits 20)

die() { echo "jarm/verify: $*" >&2; exit 2; }
command -v openssl >/dev/null || die "openssl missing; run scripts/interop/jarm/setup.sh"
command -v jq >/dev/null || die "jq missing; run scripts/interop/jarm/setup.sh"
[ -r "$STATE/pki/root.pem" ] || die "no lab under $STATE; start it with scripts/interop/jarm/start.sh"
# The launcher rebuilds the jar when the sources are newer (scripts/build.sh: package, not install).
"$JARM_REPO_ROOT/tlsweep" --version >/dev/null

# protocols IP: the versions a plain openssl client completes a handshake with, e.g. "TLSv1.2 TLSv1.3".
protocols() {
  local ip=$1 v out got=()
  for v in tls1 tls1_1 tls1_2 tls1_3; do
    # SECLEVEL=0 on the client too: OpenSSL 3.0 refuses TLS 1.0/1.1 (SHA-1 signatures) above level 0.
    local cipher=()
    case $v in tls1 | tls1_1) cipher=(-cipher "DEFAULT:@SECLEVEL=0") ;; esac
    out=$(timeout 10 openssl s_client -brief -connect "$ip:443" -"$v" "${cipher[@]}" \
      -CAfile "$STATE/pki/root.pem" </dev/null 2>&1 | tr -d '\0' || true)
    # -brief prints "Protocol version: TLSv1.1" for a completed handshake (not the cipher's family).
    if grep -qa '^Protocol version: ' <<<"$out"; then
      got+=("$(grep -a -m1 '^Protocol version: ' <<<"$out" | sed 's/^Protocol version: //')")
    fi
  done
  echo "${got[*]-}"
}

declare -A WANT_PROTOCOLS=([nginx-tls12-13]="TLSv1.2 TLSv1.3" [caddy]="TLSv1.2 TLSv1.3" [nginx-tls10-11]="TLSv1 TLSv1.1")
lab_ok=1
while IFS=$'\t' read -r name ip port _; do
  got=$(protocols "$ip")
  printf 'jarm/verify: lab %-15s %s:%s accepts %s\n' "$name" "$ip" "$port" "${got:-nothing}"
  if [ "$got" != "${WANT_PROTOCOLS[$name]}" ]; then
    echo "jarm/verify: lab $name should accept ${WANT_PROTOCOLS[$name]}" >&2
    lab_ok=0
  fi
done < <(vectors)
[ $lab_ok -eq 1 ] || die "the lab is not as the vectors describe (see above)"

: >"$STATE/results.tsv"
failed=0
while IFS=$'\t' read -r name ip port want _; do
  start=$SECONDS
  line=$(java -cp "$JAR" io.tlsweep.core.fingerprint.JarmTool "$ip" "$port" "$ip" "$TIMEOUT")
  got=${line%%$'\t'*} raw=${line#*$'\t'}
  printf '%s\t%s\t%s\t%s\n' "$name" "$want" "$got" "$raw" >>"$STATE/results.tsv"
  disputed=$(awk -F'\t' -v n="$name" '!/^#/ && $1 == n { print $2 }' "$JARM_HOME/disputed.tsv")
  if [ "$got" = "$want" ]; then
    printf 'jarm/verify: %-15s match     %s (%ss)\n' "$name" "$got" $((SECONDS - start))
  elif [ -n "$disputed" ] && [ "$got" = "$disputed" ]; then
    printf 'jarm/verify: %-15s DISPUTED  the vector says %s;\n%28s the reference implementation run against this server gives %s,\n%28s and so do we (disputed.tsv, docs/fingerprints.md) (%ss)\n' \
      "$name" "$want" "" "$disputed" "" $((SECONDS - start))
  else
    failed=1
    printf 'jarm/verify: %-15s MISMATCH  expected %s\n%28s measured %s (%ss)\n' "$name" "$want" "" "$got" \
      $((SECONDS - start))
    i=0
    tr ',' '\n' <<<"$raw" | while read -r answer; do
      i=$((i + 1)); printf '%30s probe %2d: %s\n' "" "$i" "$answer"
    done
  fi
done < <(vectors)

# The same servers through a scan: `tlsweep scan --jarm` must put into each record's
# fingerprints.jarm exactly what JarmTool printed above (the same probe, now behind the scan's
# governor and holding the probe's slot). One scan of all three, so the per-host rate is in play.
ips=() ports=()
while IFS=$'\t' read -r _ ip port _; do ips+=("$ip"); ports+=("$port"); done < <(vectors)
start=$SECONDS
"$JARM_REPO_ROOT/tlsweep" scan "${ips[@]}" -p "$(printf '%s\n' "${ports[@]}" | sort -u | paste -sd,)" \
  --jarm --timeout "${TIMEOUT}s" -q >"$STATE/scan.ndjson" || die "tlsweep scan --jarm failed"
while IFS=$'\t' read -r name _ tool _; do
  ip=$(awk -F'\t' -v n="$name" '!/^#/ && NF && $1 == n { print $2 }' "$JARM_VECTORS")
  port=$(awk -F'\t' -v n="$name" '!/^#/ && NF && $1 == n { print $3 }' "$JARM_VECTORS")
  rec=$(jq -c --arg ip "$ip" --argjson port "$port" 'select(.ip == $ip and .port == $port)' "$STATE/scan.ndjson")
  scanned=$(jq -r '.fingerprints.jarm // "null"' <<<"$rec")
  status=$(jq -r '.status' <<<"$rec")
  if [ "$scanned" = "$tool" ]; then
    printf 'jarm/verify: %-15s scan      %s (record status %s, same as JarmTool)\n' "$name" "$scanned" "$status"
  else
    failed=1
    printf 'jarm/verify: %-15s SCAN MISMATCH  JarmTool %s\n%33s the record %s (status %s)\n' "$name" "$tool" "" \
      "$scanned" "$status"
  fi
done <"$STATE/results.tsv"
echo "jarm/verify: scan --jarm of ${#ips[@]} endpoints took $((SECONDS - start))s"
exit $failed
