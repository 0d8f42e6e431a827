#!/usr/bin/env bash
# Proves the STARTTLS services lab is what STATEDIR/expected.json says, with `openssl s_client`
# alone, so a failure of tlsweep against the lab can be blamed on tlsweep and not on the lab.
#
#   scripts/interop/services/verify-openssl.sh [STATEDIR]   (default: .interop-services/)
#
# For every TLS endpoint (implicit or STARTTLS): the handshake succeeds, the chain verifies against
# STATEDIR/pki/root.pem for the endpoint's servername, the version is the expected one and the
# leaf's SHA-256 is the one start.sh computed; for ManageSieve and NNTP also, by hand, that the
# capability list offers STARTTLS and the server says go (OK, 382). For the plaintext endpoints: 127.0.0.27:25 speaks
# SMTP and its EHLO reply advertises no STARTTLS; 127.0.0.28:22 and 127.0.0.29:443 answer with an
# SSH banner and no TLS handshake. For the mode-mismatch endpoints (a diagnosis in expected.json),
# a second line shows the port's own mode failing there and what the server says instead: implicit
# TLS refused where plaintext SMTP/IMAP offers STARTTLS (banner and STARTTLS offer checked), a
# STARTTLS client left without a greeting where the server waits for a ClientHello. Exit status 0
# only when every endpoint matches. Run while start.sh's lab is up.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
STATE=$(resolve_statedir "${1:-}")
EXPECTED=$STATE/expected.json
CA=$STATE/pki/root.pem
TIMEOUT=${INTEROP_SERVICES_VERIFY_TIMEOUT:-15}
# How long a STARTTLS client waits for a greeting from an implicit-TLS server, which never sends
# one: the wait itself is the observation, so it is short.
SILENCE=${INTEROP_SERVICES_SILENCE_SECONDS:-3}

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

# upgrade_dialogue PROTO IP PORT: for ManageSieve and NNTP, the plaintext half of the upgrade by
# hand: whether the capability list offers STARTTLS, and the server's answer to STARTTLS. s_client
# alone would not tell: for both dialects it goes on after "Didn't find STARTTLS in server
# response, trying anyway...". Prints "yes|no<TAB>reply line" (CR stripped); nothing for other dialects.
# The connection is dropped at the go-ahead (the server then waits for a ClientHello, and gets
# none); every read is bounded by TIMEOUT.
upgrade_dialogue() {
  case $1 in sieve | nntp) ;; *) return 0 ;; esac
  (
    exec 3<>"/dev/tcp/$2/$3" || exit 1
    local line reply offer=no cr=$'\r'
    if [ "$1" = sieve ]; then
      # RFC 5804: the greeting is the capability list, one "NAME" ["VALUE"] a line, ended by OK;
      # capability names are case-insensitive (section 1.7).
      while read -r -t "$TIMEOUT" line <&3; do
        line=${line%"$cr"}
        [ "${line^^}" = '"STARTTLS"' ] && offer=yes
        case $line in OK* | NO* | BYE*) break ;; esac
      done
    else
      # RFC 3977/4642: a 200/201 greeting; CAPABILITIES is answered 101 and a list ended by ".".
      read -r -t "$TIMEOUT" line <&3
      printf 'CAPABILITIES\r\n' >&3
      while read -r -t "$TIMEOUT" line <&3; do
        line=${line%"$cr"}
        [ "$line" = . ] && break
        [ "$line" = STARTTLS ] && offer=yes
      done
    fi
    printf 'STARTTLS\r\n' >&3
    read -r -t "$TIMEOUT" reply <&3 || true
    printf '%s\t%s\n' "$offer" "${reply%"$cr"}"
  )
}

# port_dialect SERVICE: the s_client -starttls dialect a client of the port's service upgrades with.
port_dialect() {
  case $1 in
    smtp | submission | smtps) echo smtp ;;
    imap | imaps) echo imap ;;
    pop3 | pop3s) echo pop3 ;;
    ldap | ldaps) echo ldap ;;
    ftp) echo ftp ;;
    sieve) echo sieve ;;
    nntp) echo nntp ;;
  esac
}

# tls_error S_CLIENT_OUTPUT: the reason from OpenSSL's error line ("wrong version number").
tls_error() { grep -a -m1 'SSL routines' <<<"$1" | sed 's/.*SSL routines:[^:]*:\([^:]*\):.*/\1/' || true; }

# check_port_mode NAME IP PORT SERVICE MODE PROTO SNI PORT_MODE: a client in the port's own mode
# fails here, and the server shows why (what a scanner's diagnosis must name).
check_port_mode() {
  local name=$1 ip=$2 port=$3 service=$4 mode=$5 proto=$6 sni=$7 port_mode=$8
  local label="  ($port_mode)" attempt
  case $port_mode in
    implicit)
      attempt=$(timeout "$TIMEOUT" openssl s_client -brief -connect "$ip:$port" -servername "$sni" </dev/null 2>&1 | tr -d '\0' || true)
      if grep -q '^Protocol version:' <<<"$attempt"; then
        report "$label" FAIL "$ip:$port: an implicit TLS handshake succeeded; no mode mismatch"
        return
      fi
      local refused="implicit TLS fails ($(tls_error "$attempt"))"
      case $mode/$proto in
        starttls/smtp)
          local ehlo
          ehlo=$(smtp_ehlo "$ip" "$port" || true)
          if ! grep -q '^220 ' <<<"$ehlo"; then
            report "$label" FAIL "$ip:$port: $refused but no SMTP banner: ${ehlo:0:120}"
          elif ! grep -qi '^250[- ]STARTTLS' <<<"$ehlo"; then
            report "$label" FAIL "$ip:$port: $refused; SMTP, but EHLO advertises no STARTTLS"
          else
            report "$label" OK "$refused; plaintext SMTP '$(head -n1 <<<"$ehlo")', EHLO offers STARTTLS"
          fi
          ;;
        starttls/imap)
          local banner
          banner=$(first_line "$ip" "$port" || true)
          if [[ $banner != "* OK"* ]]; then
            report "$label" FAIL "$ip:$port: $refused but no IMAP greeting: '${banner:0:120}'"
          elif [[ $banner != *STARTTLS* ]]; then
            report "$label" FAIL "$ip:$port: $refused; IMAP, but its CAPABILITY has no STARTTLS"
          else
            report "$label" OK "$refused; plaintext IMAP '${banner:0:40}…', CAPABILITY offers STARTTLS"
          fi
          ;;
        # SSH (tls_mode none): the endpoint's own line has checked the banner and the failed handshake.
        none/*) report "$label" OK "implicit TLS fails ($(tls_error "$attempt")); the server speaks SSH" ;;
        *) report "$label" FAIL "$ip:$port: no check for $mode/$proto on an implicit-TLS port" ;;
      esac
      ;;
    starttls)
      local dialect
      dialect=$(port_dialect "$service")
      if [ -z "$dialect" ]; then
        report "$label" FAIL "$ip:$port: no s_client -starttls dialect known for service '$service'"
        return
      fi
      # The server waits for a ClientHello and says nothing; s_client waits for a greeting.
      attempt=$(timeout "$SILENCE" openssl s_client -brief -starttls "$dialect" -connect "$ip:$port" </dev/null 2>&1 | tr -d '\0' || true)
      if grep -q '^Protocol version:' <<<"$attempt"; then
        report "$label" FAIL "$ip:$port: -starttls $dialect succeeded; no mode mismatch"
      elif [ -n "$(timeout "$SILENCE" bash -c 'exec 3<>"/dev/tcp/$0/$1"; head -c1 <&3' "$ip" "$port" 2>/dev/null || true)" ]; then
        report "$label" FAIL "$ip:$port: -starttls $dialect fails, but the server does speak first"
      else
        report "$label" OK "-starttls $dialect fails: no greeting in ${SILENCE}s (the server waits for a ClientHello)"
      fi
      ;;
    *) report "$label" FAIL "$ip:$port: unknown port_mode '$port_mode'" ;;
  esac
}

failures=0
report() {   # report NAME OK|FAIL DETAIL
  printf '%-19s %-4s %s\n' "$1" "$2" "$3"
  [ "$2" = OK ] || failures=$((failures + 1))
}

printf '%-19s %-4s %s\n' endpoint ok detail
# Unit-separator between fields: with a tab, `read` would merge the empty fields of plaintext rows.
while IFS=$'\x1f' read -r name ip port service mode proto sni version sha port_mode diagnosis; do
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
        detail="$where $seen_version verified for $sni, leaf ${seen_sha:0:16}…"
        case $mode/$proto in
          starttls/sieve | starttls/nntp)
            dialogue=$(upgrade_dialogue "$proto" "$ip" "$port" 2>&1 || true)
            offer=${dialogue%%$'\t'*} go_ahead=${dialogue#*$'\t'}
            case $proto/$offer/$go_ahead in
              sieve/yes/OK* | nntp/yes/382*) report "$name" OK "$detail; STARTTLS offered, answered '${go_ahead:0:24}'" ;;
              */no/*) report "$name" FAIL "$where: the capability list does not offer STARTTLS" ;;
              */yes/*) report "$name" FAIL "$where: STARTTLS answered '${go_ahead:0:80}'" ;;
              *) report "$name" FAIL "$where: no plaintext dialogue: '${dialogue:0:120}'" ;;
            esac
            ;;
          *) report "$name" OK "$detail" ;;
        esac
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
  [ -z "$diagnosis" ] || check_port_mode "$name" "$ip" "$port" "$service" "$mode" "$proto" "$sni" "$port_mode"
done < <(jq -r '.[] | [.name, .ip, (.port | tostring), .service, .tls_mode, (.starttls_protocol // ""),
                     .servername, (.tls_version // ""), (.leaf_sha256 // ""), .port_mode,
                     (.diagnosis // "")] | join("\u001f")' "$EXPECTED")

total=$(jq length "$EXPECTED")
if [ $failures -gt 0 ]; then
  echo "verify: $failures checks failed; the lab does not match $EXPECTED ($total endpoints)" >&2
  exit 1
fi
echo "verify: all $total endpoints match $EXPECTED"
