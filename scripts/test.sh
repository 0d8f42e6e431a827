#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run):
#   1. unit and in-process integration tests (Maven), which also build the runnable jar;
#   2. the demo as a smoke test of the jar;
#   3. interop: real nginx and openssl s_server on 127.0.0.x (scripts/interop), swept by tlsweep with
#      each TLS provider and judged row by row by scripts/interop/check-sweep.sh;
#   4. interop with STARTTLS and in-protocol TLS: Postfix, Dovecot (with ManageSieve), slapd, vsftpd,
#      PostgreSQL, MariaDB, Prosody, INN nnrpd and sshd (scripts/interop/services), first checked with
#      openssl s_client, then swept by tlsweep and judged against what s_client saw (service, mode,
#      version, leaf SHA-256, diagnosis);
#   5. web interop (scripts/interop/web): Caddy with HTTP/3, nginx SNI vhosts, port-80 ACME variants and
#      an Alt-Svc without QUIC, first checked with curl, openssl s_client and gtlsclient, then swept by
#      tlsweep with -p 80,443,443/udp --acme --http --sni-names and judged record by record;
#   6. the JARM lab (scripts/interop/jarm): the servers of the JARM test vectors, our JARM against each;
#   7. the TLS posture lab (scripts/interop/posture): legacy-only, weak/anonymous, server-order and
#      client-order nginx, Dovecot with legacy STARTTLS, gnutls-serv with 3DES/NULL in a network
#      namespace; sslscan's baseline recorded and every design property checked, then tlsweep's
#      `--enum full` and `--enum fast` of every endpoint judged against that baseline (check-enum.py).
# Only loopback addresses are ever contacted. Needs root (apt-get, port 443) for step 3.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

step() { printf '\n==> %s\n' "$*" >&2; }

step "setup (JDK, Maven)"
scripts/setup.sh

step "unit and integration tests"
mvn -B -ntp verify

step "class-data-sharing archive for the launcher (scripts/cds.sh), then the demo smoke test with it"
scripts/cds.sh
[ -f cli/target/tlsweep.jsa ] || { echo "no CDS archive was written" >&2; exit 1; }
./tlsweep demo -q > /tmp/tlsweep-demo.$$.ndjson
lines=$(wc -l < /tmp/tlsweep-demo.$$.ndjson)
rm -f /tmp/tlsweep-demo.$$.ndjson
echo "demo: $lines records, every lab endpoint as expected" >&2

step "interop checker self-tests"
scripts/interop/selftest.sh
scripts/interop/web/selftest.sh
scripts/interop/posture/selftest.py

# lab DIR STATE CHECKS: one interop lab (scripts/interop/DIR, the main lab for "."): install what it
# needs, start it in STATE, run the function CHECKS (which sees STATE as $1), stop it; stopped on any
# failure too.
lab() {
  local dir=scripts/interop/$1 state=$2 checks=$3
  "$dir/setup.sh"
  trap "$dir/stop.sh '$state' >&2 || true" EXIT
  "$dir/start.sh" "$state"
  "$checks" "$state"
  "$dir/stop.sh" "$state" >&2
  trap - EXIT
}

nginx_lab_checks() {
  local state=$1 provider out
  for provider in boringssl jdk; do
    out="$state/sweep-$provider.ndjson"
    ./tlsweep scan 127.0.0.0/24 -p 443,8443 --ca-file "$state/pki/root.pem" --provider "$provider" -o "$out"
    scripts/interop/check-sweep.sh "$out" --provider "$provider"
  done
}

services_lab_checks() {
  local svc=$1
  scripts/interop/services/verify-openssl.sh "$svc"
  ./tlsweep scan 127.0.0.20-31 -p tls,22 --ca-file "$svc/pki/root.pem" -o "$svc/sweep.ndjson"
  # XMPP servers want their domain in the stream, not an address: the one probe that needs a name.
  ./tlsweep scan 127.0.0.26:5222 --sni xmpp.interop.test --ca-file "$svc/pki/root.pem" -q -o "$svc/sweep-xmpp.ndjson"
  scripts/interop/services/check-sweep.sh "$svc/expected.json" "$svc/sweep.ndjson" "$svc/sweep-xmpp.ndjson"
  scripts/interop/services/check-uncatalogued.sh "$svc"
  # --enum fast through every upgrade dialect, judged by s_client handshakes (versions, aNULL).
  ./tlsweep scan 127.0.0.20-31 -p tls --enum fast --ca-file "$svc/pki/root.pem" -q -o "$svc/enum.ndjson"
  ./tlsweep scan 127.0.0.26:5222 --sni xmpp.interop.test --enum fast --ca-file "$svc/pki/root.pem" -q -o "$svc/enum-xmpp.ndjson"
  scripts/interop/services/check-enum.sh "$svc" "$svc/enum.ndjson" "$svc/enum-xmpp.ndjson"
}

web_lab_checks() {
  local web=$1
  scripts/interop/web/verify.sh "$web"
  ./tlsweep scan 127.0.0.50-56 -p 80,443,443/udp --acme --http --sni-names h3.web.test,a.web.test,b.web.test \
    --ca-file "$web/pki/root.pem" -q -o "$web/sweep.ndjson"
  scripts/interop/web/check-sweep.sh "$web/expected.json" "$web/sweep.ndjson"
}

jarm_lab_checks() { scripts/interop/jarm/verify.sh "$1"; }
posture_lab_checks() {
  local st=$1 level
  scripts/interop/posture/verify.sh "$st"
  # tlsweep's enumeration of every endpoint, full and fast, judged against sslscan's baseline.
  for level in full fast; do
    ./tlsweep scan 127.0.0.60-63 -p 443 --enum "$level" --ca-file "$st/pki/root.pem" -q -o "$st/enum-$level.ndjson"
    ./tlsweep scan 127.0.0.64 -p 143,993,110 --enum "$level" --ca-file "$st/pki/root.pem" -q -o "$st/enum-mail-$level.ndjson"
    # The namespace's two gnutls-serv (443, 444), by the name their certificate carries.
    ip netns exec tlsweep-posture ./tlsweep scan 127.0.0.1 -p 443,444 --sni weak.posture.test --enum "$level" \
      --ca-file "$st/pki/root.pem" -q -o "$st/enum-gnutls-$level.ndjson"
  done
  scripts/interop/posture/check-enum.py "$st/expected.json" "$st"/enum-*.ndjson
}

step "interop against real servers (nginx, openssl s_server)"
lab . "$root/.interop" nginx_lab_checks

step "interop with STARTTLS services (Postfix, Dovecot, slapd, vsftpd, PostgreSQL, MariaDB, Prosody, nnrpd, sshd)"
lab services "$root/.interop-services" services_lab_checks

step "web interop: Caddy HTTP/3, nginx SNI vhosts, ACME readiness, Alt-Svc without QUIC (127.0.0.50-56)"
lab web "$root/.interop-web" web_lab_checks

step "JARM lab: the three vectors' servers (127.0.0.70-72), our JARM against each"
lab jarm "$root/.interop-jarm" jarm_lab_checks

step "TLS posture lab: legacy versions, weak and anonymous suites, cipher order, legacy STARTTLS (127.0.0.60-64, netns)"
lab posture "$root/.interop-posture" posture_lab_checks

step "all tests passed"
