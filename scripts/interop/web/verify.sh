#!/usr/bin/env bash
# Proves the web lab is what endpoints.tsv says, with independent tools only, and writes what they
# saw to STATEDIR/expected.json for check-sweep.sh: a failure of tlsweep against the lab can then be
# blamed on tlsweep and not on the lab.
#
#   scripts/interop/web/verify.sh [STATEDIR]   (default: .interop-web/; the lab must be running)
#
# Per row (address x SNI) of endpoints.tsv:
#   443/tcp   openssl s_client [-servername SNI | -noservername] -alpn h2,http/1.1: the leaf's
#             SHA-256 and PKIX verification against STATEDIR/pki/root.pem, or the alert's name
#   GET /     curl -k (--resolve SNI:443:IP): status, Server, Strict-Transport-Security, Alt-Svc
#   acme-tls  openssl s_client -alpn acme-tls/1 (only): selected or not
#   443/udp   ngtcp2's gtlsclient (QUIC v1, ALPN h3, GET /): version, ALPN, the leaf's SHA-256 read
#             from the handshake's Certificate message, or the CONNECTION_CLOSE code, or silence.
#             gtlsclient sends the DNS name it connects to as SNI and "localhost" for an address, so
#             it runs in a private mount namespace whose /etc/hosts maps the names to the row's
#             address; the no-SNI row of a QUIC server cannot be checked this way (it would send
#             "localhost") and keeps the design's value, marked "checked": false.
#   port 80   curl GET /.well-known/acme-challenge/<random> with Host SNI (or the address): refused
#             -> blocked; a redirect to https -> followed once, on the same address (curl -k
#             --resolve): an HTTP answer -> redirect_ok, none -> redirect_broken; else ready
# Exit 0 only when every observation matches the design.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
STATE=$(resolve_statedir "${1:-}")
PKI=$STATE/pki CA=$STATE/pki/root.pem
OUT=$STATE/verify
TIMEOUT=${INTEROP_WEB_VERIFY_TIMEOUT:-5}

die() { echo "web/verify: $*" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || die "needs root (gtlsclient runs in a private mount namespace)"
[ -r "$CA" ] || die "no $CA; start the lab with scripts/interop/web/start.sh"
for tool in openssl curl jq gtlsclient unshare perl; do command -v "$tool" >/dev/null || die "$tool missing; run scripts/interop/web/setup.sh"; done
rm -rf "$OUT"; mkdir -p "$OUT"

leaf_sha256() { openssl x509 -noout -fingerprint -sha256 | sed 's/.*=//; s/://g' | tr 'A-F' 'a-f'; }
header() { { grep -i "^$1:" || true; } | head -1 | sed 's/^[^:]*: *//' | tr -d '\r'; }   # header NAME < curl -D output

# tls_probe IP SNI ALPN: "sha256 <hex>" for a completed handshake, "alert <name>" when the server
# refused it with an alert, "alpn <proto>" (or "alpn -") for the selected protocol, "verify <code>".
tls_probe() {
  local ip=$1 sni=$2 alpn=$3 name=(-noservername) out
  [ "$sni" = - ] || name=(-servername "$sni")
  out=$(timeout "$TIMEOUT" openssl s_client -connect "$ip:443" "${name[@]}" -alpn "$alpn" -CAfile "$CA" </dev/null 2>&1 | tr -d '\0' || true)
  if grep -q -- '-----BEGIN CERTIFICATE-----' <<<"$out"; then echo "sha256 $(leaf_sha256 <<<"$out")"; fi
  # "...:tlsv1 alert internal error:..." -> internal_error
  grep -a -o -m1 'alert [a-z ]*:' <<<"$out" | sed 's/^alert //; s/:$//; s/ /_/g; s/^/alert /' || true
  grep -a -m1 '^ALPN protocol: ' <<<"$out" | sed 's/^ALPN protocol: /alpn /' || echo "alpn -"
  grep -a -m1 'Verify return code: ' <<<"$out" | sed 's/.*Verify return code: \([0-9]*\).*/verify \1/' || true
}

# quic_leaf FILE: SHA-256 of the first certificate in the TLS Certificate message gtlsclient dumped
# ("Ordered CRYPTO data in Handshake crypto level", then hexdump -C lines), or nothing.
quic_leaf() {
  perl -ne '
    if (/^Ordered CRYPTO data in (\w+) crypto level/) { $in = ($1 eq "Handshake"); next }
    if ($in && /^[0-9a-f]{8}  ((?:[0-9a-f]{2} {1,2}){1,16})/) { $hex .= $1; next }
    $in = 0 unless /^[0-9a-f]{8}\s*$/;
    END {
      $hex =~ s/\s+//g; my $b = pack("H*", $hex); my $i = 0;
      while ($i + 4 <= length $b) {                     # TLS handshake messages: type, 24-bit length
        my ($t, $l) = (ord(substr($b, $i, 1)), unpack("N", "\0" . substr($b, $i + 1, 3)));
        if ($t == 11) {                                 # Certificate: context, list length, first cert
          my $p = $i + 4; my $ctx = ord(substr($b, $p, 1)); $p += 1 + $ctx + 3;
          my $cl = unpack("N", "\0" . substr($b, $p, 3));
          print substr($b, $p + 3, $cl); last;
        }
        $i += 4 + $l;
      }
    }' "$1" | openssl x509 -inform DER -noout -fingerprint -sha256 2>/dev/null | sed 's/.*=//; s/://g' | tr 'A-F' 'a-f'
}

# --- QUIC, all rows at once (a silent server costs the handshake timeout) ---------------------
n=0
while IFS=$'\t' read -r host ip sni _; do
  n=$((n + 1))
  # One hosts file per row: the same name maps to a different address on every row.
  printf '127.0.0.1 localhost\n%s %s\n' "$ip" "${sni/#-/nosni.invalid}" >"$OUT/hosts.$n"
  target=$ip
  [ "$sni" = - ] || target=$sni
  unshare -m sh -c 'mount --bind "$0" /etc/hosts && exec timeout "$1" gtlsclient --exit-on-all-streams-close \
      --timeout=3s --handshake-timeout=3s "$2" 443 "https://$2/"' \
    "$OUT/hosts.$n" "$((TIMEOUT + 5))" "$target" >"$OUT/quic.$n" 2>&1 </dev/null &
done < <(endpoints)
wait

# --- every row ---------------------------------------------------------------------------------
failures=0
report() {   # report LABEL OK|FAIL DETAIL
  printf '%-26s %-4s %s\n' "$1" "$2" "$3"
  [ "$2" = OK ] || failures=$((failures + 1))
}
printf '%-26s %-4s %s\n' endpoint ok observed
n=0
while IFS=$'\t' read -r host ip sni tcp443 hsts alt_svc tls_alpn01 udp443 http01; do
  n=$((n + 1))
  label="$ip ${sni/#-/(no SNI)}"
  problems=()

  # 443/tcp
  probe=$(tls_probe "$ip" "$sni" h2,http/1.1)
  seen_sha=$(sed -n 's/^sha256 //p' <<<"$probe")
  seen_alert=$(sed -n 's/^alert //p' <<<"$probe")
  seen_verify=$(sed -n 's/^verify //p' <<<"$probe")
  leaf=null leaf_sha=null tcp_status=success tcp_error=null
  case $tcp443 in
    alert:*)
      tcp_status=alert tcp_error="\"$tcp443\""
      [ -z "$seen_sha" ] || problems+=("443/tcp served a certificate, design says $tcp443")
      [ "alert:$seen_alert" = "$tcp443" ] || problems+=("443/tcp alert '${seen_alert:-none}', design says $tcp443")
      ;;
    *)
      leaf="\"$tcp443\""
      want=$(leaf_sha256 <"$PKI/$tcp443.crt")
      leaf_sha="\"$want\""
      [ "$seen_sha" = "$want" ] || problems+=("443/tcp leaf ${seen_sha:0:16}, want $tcp443 ${want:0:16} (${seen_alert:+alert $seen_alert})")
      [ "$seen_verify" = 0 ] || problems+=("443/tcp chain does not verify against root.pem (code ${seen_verify:-none})")
      ;;
  esac

  # GET / over that handshake
  http=null
  if [ "$tcp_status" = success ]; then
    url="https://$ip/" resolve=()
    [ "$sni" = - ] || { url="https://$sni/"; resolve=(--resolve "$sni:443:$ip"); }
    hdrs=$(curl -sS -k -m "$TIMEOUT" -o /dev/null -D - -w '%{http_version}\n' "${resolve[@]}" "$url" 2>&1 || true)
    st=$(head -1 <<<"$hdrs" | awk '{print $2}')
    ver=$(tail -1 <<<"$hdrs")
    seen_hsts=$(header strict-transport-security <<<"$hdrs")
    seen_alt=$(header alt-svc <<<"$hdrs")
    server=$(header server <<<"$hdrs")
    [ "$st" = 200 ] || problems+=("GET / status '${st:-none}', want 200")
    [ "${seen_hsts:--}" = "$hsts" ] || problems+=("HSTS '${seen_hsts}', design says '$hsts'")
    [ "${seen_alt:--}" = "$alt_svc" ] || problems+=("Alt-Svc '${seen_alt}', design says '$alt_svc'")
    http=$(jq -n --argjson status "${st:-null}" --arg v "$ver" --arg server "$server" --arg hsts "$seen_hsts" \
      --arg alt "$seen_alt" '{status: $status, protocol: (if $v == "2" then "h2" else "http/1.1" end),
        server: (if $server == "" then null else $server end),
        hsts: (if $hsts == "" then null else {raw: $hsts,
          max_age: ($hsts | capture("(?i)max-age=\"?(?<n>[0-9]+)") | .n | tonumber),
          include_subdomains: ($hsts | test("(?i)(^|;)\\s*includeSubDomains\\s*(;|$)")),
          preload: ($hsts | test("(?i)(^|;)\\s*preload\\s*(;|$)"))} end),
        alt_svc: (if $alt == "" then null else {raw: $alt,
          h3: ($alt | test("(^|,)\\s*h3=")),
          h3_port: ($alt | capture("(^|,)\\s*h3=\"[^\":]*:(?<p>[0-9]+)\"") | .p | tonumber)} end)}')
  fi

  # TLS-ALPN-01: acme-tls/1 alone
  alpn_seen=$(tls_probe "$ip" "$sni" acme-tls/1 | sed -n 's/^alpn //p')
  accepted=false
  [ "$alpn_seen" = acme-tls/1 ] && accepted=true
  [ "$accepted" = "$tls_alpn01" ] || problems+=("acme-tls/1 selected: $accepted, design says $tls_alpn01")

  # 443/udp
  q=$OUT/quic.$n
  quic_checked=true
  q_sha=$(quic_leaf "$q" || true)
  q_close=$(grep -a -o -m1 'CONNECTION_CLOSE(0x1c) error_code=[A-Z_]*(0x[0-9a-f]*)' "$q" | sed 's/.*(\(0x[0-9a-f]*\))/\1/' || true)
  q_version=$(grep -a -o -m1 'the negotiated version is 0x[0-9a-f]*' "$q" | awk '{print $NF}' || true)
  q_alpn=$(grep -a -m1 '^Negotiated ALPN is ' "$q" | awk '{print $NF}' || true)
  q_status=$(grep -a -o -m1 '\[:status: [0-9]*\]' "$q" | tr -dc 0-9 || true)
  q_rx=$(grep -a -c ' pkt rx ' "$q" || true)
  udp=null
  case $udp443 in
    timeout)
      [ "$q_rx" -eq 0 ] || problems+=("443/udp answered ($q_rx packets), design says nothing listens")
      udp='{"status": "timeout"}' ;;
    close:*)
      if [ "$sni" = - ]; then quic_checked=false
      elif [ "$q_close" != "${udp443#close:}" ]; then problems+=("443/udp CONNECTION_CLOSE '${q_close:-none}', design says $udp443"); fi
      udp=$(jq -n --arg c "${udp443#close:}" '{status: "alert", close_code: ($c | ltrimstr("0x") | explode
        | map(if . >= 97 then . - 87 else . - 48 end) | reduce .[] as $d (0; . * 16 + $d))}') ;;
    *)
      want=$(leaf_sha256 <"$PKI/$udp443.crt")
      if [ "$sni" = - ]; then quic_checked=false
      else
        grep -q -a '^QUIC handshake has completed' "$q" || problems+=("443/udp: no QUIC handshake (close ${q_close:-none})")
        [ "$q_version" = 0x00000001 ] || problems+=("443/udp QUIC version '${q_version:-none}', want 0x00000001 (v1)")
        [ "$q_alpn" = h3 ] || problems+=("443/udp ALPN '${q_alpn:-none}', want h3")
        [ "$q_sha" = "$want" ] || problems+=("443/udp leaf '${q_sha:0:16}', want $udp443 ${want:0:16}")
        [ "$q_status" = 200 ] || problems+=("443/udp GET / status '${q_status:-none}', want 200")
      fi
      udp=$(jq -n --arg leaf "$udp443" --arg sha "$want" '{status: "success", version: "v1", alpn: "h3", leaf: $leaf, leaf_sha256: $sha}') ;;
  esac
  udp=$(jq --argjson checked "$quic_checked" '. + {checked: $checked}' <<<"$udp")

  # port 80: HTTP-01
  host_hdr=$ip
  [ "$sni" = - ] || host_hdr=$sni
  token=$(openssl rand -hex 16)
  path=/.well-known/acme-challenge/$token
  r80=$(curl -sS -m "$TIMEOUT" -o /dev/null -w '%{http_code} %{redirect_url}' -H "Host: $host_hdr" "http://$ip$path" 2>&1) && rc=0 || rc=$?
  st80=null location_prefix=null
  if [ "$rc" -eq 7 ]; then
    result=blocked r80="refused"
  elif [ "$rc" -ne 0 ]; then
    result=error
  else
    st80=${r80%% *}
    loc=${r80#* }
    case $st80 in
      30[1278])
        location_prefix="\"${loc%"$token"}\""
        # https://HOST[:PORT]/... -> the same request there, on this row's address
        hp=${loc#https://}; hp=${hp%%/*}
        thost=${hp%%:*} tport=443
        [ "$hp" = "$thost" ] || tport=${hp#*:}
        if [[ $loc == https://* ]] && curl -sS -k -m "$TIMEOUT" -o /dev/null --resolve "$thost:$tport:$ip" "$loc" 2>/dev/null; then
          result=redirect_ok
        else
          result=redirect_broken
        fi ;;
      *) result=ready ;;
    esac
  fi
  [ "$result" = "$http01" ] || problems+=("port 80 HTTP-01: $result ($r80), design says $http01")

  if [ ${#problems[@]} -eq 0 ]; then
    seen_tcp="leaf $tcp443 ${seen_sha:0:12}…, GET / $st, hsts '$hsts', alt-svc '$alt_svc'"
    [ "$tcp_status" = success ] || seen_tcp=$tcp443
    seen_udp=$udp443
    [ "$quic_checked" = true ] || seen_udp="($udp443: not checked, gtlsclient always sends an SNI)"
    [ "$udp443" != timeout ] || seen_udp="no answer"
    [ -z "$q_version" ] || seen_udp="$seen_udp, $q_version $q_alpn, GET / $q_status"
    report "$label" OK "443: $seen_tcp; acme-tls/1 $accepted; 443/udp: $seen_udp; :80 $result (${r80%"$token"})"
  else
    report "$label" FAIL "$(IFS=';'; echo "${problems[*]}")"
  fi

  jq -n --arg host "$host" --arg ip "$ip" --arg sni "$sni" --argjson leaf "$leaf" --argjson sha "$leaf_sha" \
    --arg status "$tcp_status" --argjson error "$tcp_error" --argjson http "$http" --argjson accepted "$accepted" \
    --argjson udp "$udp" --arg result "$result" --argjson st80 "$st80" --argjson loc "$location_prefix" \
    '{host: $host, ip: $ip, sni: (if $sni == "-" then null else $sni end),
      tcp443: {status: $status, error: $error, leaf: $leaf, leaf_sha256: $sha},
      http: $http, tls_alpn01: {accepted: $accepted}, udp443: $udp,
      http01: {result: $result, status: $st80, location_prefix: $loc}}' >"$OUT/row.$n.json"
done < <(endpoints)

jq -s --argjson names "$(printf '%s\n' "${WEB_NAMES[@]}" | jq -R . | jq -s .)" \
  '{names: $names, endpoints: .}' $(seq -f "$OUT/row.%g.json" 1 "$n") >"$STATE/expected.json.tmp"
mv "$STATE/expected.json.tmp" "$STATE/expected.json"

total=$(endpoints | wc -l)
if [ $failures -gt 0 ]; then
  echo "web/verify: $failures of $total rows differ from endpoints.tsv (raw tool output in $OUT)" >&2
  exit 1
fi
echo "web/verify: all $total rows as designed; wrote $STATE/expected.json"
