#!/usr/bin/env bash
# Proves the STARTTLS services lab is what STATEDIR/expected.json says, with `openssl s_client`
# alone, so a failure of tlsweep against the lab can be blamed on tlsweep and not on the lab.
#
#   scripts/interop/services/verify-openssl.sh [STATEDIR]   (default: .interop-services/)
#
# For every TLS endpoint (implicit or STARTTLS): the handshake succeeds, the chain verifies against
# STATEDIR/pki/root.pem for the endpoint's servername, the version is the expected one and the
# leaf's SHA-256 is the one start.sh computed. For the plaintext endpoints: 127.0.0.27:25 speaks
# SMTP and its EHLO reply advertises no STARTTLS; 127.0.0.28:22 answers with an SSH banner and no
# TLS handshake. Exit status 0 only when every endpoint matches. Run while start.sh's lab is up.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
STATE=$(resolve_statedir "${1:-}")
EXPECTED=$STATE/expected.json
CA=$STATE/pki/root.pem
TIMEOUT=${INTEROP_SERVICES_VERIFY_TIMEOUT:-15}

[ -r "$EXPECTED" ] || { echo "verify: no $EXPECTED; start the lab with scripts/interop/services/start.sh" >&2; exit 1; }

# s_client_args NAME: the s_client arguments that reach endpoint NAME's TLS handshake.
s_client_args() {
  jq -r --arg n "$1" '.[] | select(.name == $n) |
    ["-connect", "\(.ip):\(.port)", "-servername", .servername]
    + (if .tls_mode == "starttls" then ["-starttls", .starttls_protocol] else [] end)
    + (if .starttls_protocol == "xmpp" then ["-xmpphost", .servername] else [] end)
    | .[]' "$EXPECTED"
}

# smtp_ehlo IP PORT: the server's reply to EHLO, one line each (the banner first).
smtp_ehlo() {
  timeout "$TIMEOUT" bash -c '
    exec 3<>"/dev/tcp/$0/$1"
    read -r line <&3; echo "$line"
    printf "EHLO verify.interop.test\r\n" >&3
    while read -r line <&3; do echo "$line"; case $line in "250 "*) break ;; esac; done
    printf "QUIT\r\n" >&3' "$1" "$2" | tr -d '\r'
}

# first_line IP PORT: what the server says first (SSH and SMTP servers speak first).
first_line() {
  timeout "$TIMEOUT" bash -c 'exec 3<>"/dev/tcp/$0/$1"; read -r line <&3; echo "$line"' "$1" "$2" | tr -d '\r'
}

failures=0
report() {   # report NAME OK|FAIL DETAIL
  printf '%-11s %-4s %s\n' "$1" "$2" "$3"
  [ "$2" = OK ] || failures=$((failures + 1))
}

printf '%-11s %-4s %s\n' endpoint ok detail
# Unit-separator between fields: with a tab, `read` would merge the empty fields of plaintext rows.
while IFS=$'\x1f' read -r name ip port mode proto sni version sha; do
  where="$ip:$port $mode${proto:+/$proto}"
  case $mode in
    implicit | starttls)
      mapfile -t args < <(s_client_args "$name")
      common=("${args[@]}" -CAfile "$CA" -verify_hostname "$sni" -verify_return_error)
      # -brief reports the negotiated version and the verification result right after the
      # handshake; the PEM leaf comes only from the full output, hence a second connection.
      brief=$(timeout "$TIMEOUT" openssl s_client -brief "${common[@]}" </dev/null 2>&1 | tr -d '\0' || true)
      seen_version=$(sed -n 's/^Protocol version: //p' <<<"$brief")
      verified=$(sed -n 's/^Verification: //p' <<<"$brief")
      full=$(timeout "$TIMEOUT" openssl s_client "${common[@]}" </dev/null 2>/dev/null | tr -d '\0' || true)
      seen_sha=$(openssl x509 -noout -fingerprint -sha256 2>/dev/null <<<"$full" | sed 's/.*=//; s/://g' | tr 'A-F' 'a-f' || true)
      if [ -z "$seen_version" ]; then
        report "$name" FAIL "$where: handshake failed: $(grep -a -m1 -iE 'error|didn|unable|only' <<<"$brief" || echo "${brief:0:200}")"
      elif [ "$verified" != OK ]; then
        report "$name" FAIL "$where: $seen_version but chain/name verification: ${verified:-none}"
      elif [ "$seen_version" != "$version" ]; then
        report "$name" FAIL "$where: negotiated $seen_version, expected $version"
      elif [ "$seen_sha" != "$sha" ]; then
        report "$name" FAIL "$where: leaf sha256 ${seen_sha:-none}, expected $sha"
      else
        report "$name" OK "$where $seen_version verified for $sni, leaf ${seen_sha:0:16}…"
      fi
      ;;
    none)
      case $proto in
        smtp)
          ehlo=$(smtp_ehlo "$ip" "$port" || true)
          if ! grep -q '^220 ' <<<"$ehlo" || ! grep -q '^250[- ]' <<<"$ehlo"; then
            report "$name" FAIL "$where: no SMTP banner and EHLO reply: ${ehlo:0:200}"
          elif grep -qi '^250[- ]STARTTLS' <<<"$ehlo"; then
            report "$name" FAIL "$where: EHLO advertises STARTTLS"
          else
            report "$name" OK "$where SMTP, EHLO advertises no STARTTLS"
          fi
          ;;
        *)
          banner=$(first_line "$ip" "$port" || true)
          tls=$(timeout "$TIMEOUT" openssl s_client -brief -connect "$ip:$port" </dev/null 2>&1 | tr -d '\0' || true)
          if [[ $banner != SSH-2.0-* ]]; then
            report "$name" FAIL "$where: expected an SSH banner, got '${banner:0:80}'"
          elif grep -q '^Protocol version:' <<<"$tls"; then
            report "$name" FAIL "$where: a TLS handshake succeeded on an SSH port"
          else
            report "$name" OK "$where ${banner%% *}, no TLS handshake"
          fi
          ;;
      esac
      ;;
    *) report "$name" FAIL "unknown tls_mode '$mode' in $EXPECTED" ;;
  esac
done < <(jq -r '.[] | [.name, .ip, (.port | tostring), .tls_mode, (.starttls_protocol // ""),
                     .servername, (.tls_version // ""), (.leaf_sha256 // "")] | join("\u001f")' "$EXPECTED")

total=$(jq length "$EXPECTED")
if [ $failures -gt 0 ]; then
  echo "verify: $failures of $total endpoints do not match $EXPECTED" >&2
  exit 1
fi
echo "verify: all $total endpoints match $EXPECTED"
