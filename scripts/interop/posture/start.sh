#!/usr/bin/env bash
# Starts the TLS posture lab (docs/interop-posture.md): nginx with four HTTPS postures on
# 127.0.0.60-63:443 (TLS 1.0/1.1 only; anonymous, 3DES and static-RSA suites; its own suite order;
# the client's order), Dovecot with STARTTLS and TLS 1.0 and up on 127.0.0.64 (IMAP 143, IMAPS
# 993, POP3 110), and gnutls-serv with 3DES, NULL and anonymous suites on 127.0.0.1:443 inside the
# network namespace tlsweep-posture (gnutls-serv cannot bind one address, and a wildcard listener on
# the host would be reachable from the network). Every daemon is a foreground process in the background with a PID file under
# STATEDIR, so stop.sh ends exactly those. verify.sh then records what sslscan reports.
#
#   scripts/interop/posture/start.sh [STATEDIR]     (default: .interop-posture/ in the repo root)
#
# Needs root (ports below 1024) and setup.sh first.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
STATE=$(resolve_statedir "${1:-}")
PKI=$STATE/pki RUN=$STATE/run LOGS=$STATE/logs
WAIT_SECONDS=${INTEROP_POSTURE_WAIT_SECONDS:-30}

die() { echo "posture/start: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || die "needs root (ports 110, 143, 443, 993; a network namespace)"
need_tools posture openssl ss nginx dovecot gnutls-serv ip
NGINX_BIN=$(command -v nginx || echo /usr/sbin/nginx)

stop_if_running "posture" "$STATE"

declare -A LISTENS=(
  [nginx]="127.0.0.60:443 127.0.0.61:443 127.0.0.62:443 127.0.0.63:443"
  [dovecot]="127.0.0.64:143 127.0.0.64:993 127.0.0.64:110"
  [gnutls]="ns:0.0.0.0:443"
  [gnutlsnull]="ns:0.0.0.0:444"
)
SERVERS=(nginx dovecot gnutls gnutlsnull)

# The host's listeners, then the lab namespace's prefixed "ns:".
listeners() {
  ss -Hltn | awk '{print $4}'
  ip netns exec "$POSTURE_NETNS" ss -Hltn 2>/dev/null | awk '{print "ns:" $4}'
}
foreign=$(listeners | grep -E '^(0\.0\.0\.0|\*|\[::\]|127\.0\.0\.6[0-4]):(110|143|443|444|993)$' || true)
[ -z "$foreign" ] || die "these listeners would collide with the lab (not started by us):
$foreign"

# The namespace: its own loopback, nothing else (no route to the host or the network).
ip netns del "$POSTURE_NETNS" 2>/dev/null || true
ip netns add "$POSTURE_NETNS" || die "cannot create network namespace $POSTURE_NETNS"
ip netns exec "$POSTURE_NETNS" ip link set lo up

mkdir -p "$RUN" "$LOGS" "$STATE/nginx/tmp" "$STATE/dovecot/run" "$STATE/dovecot/state" "$STATE/dovecot/tls"
"$POSTURE_REPO_ROOT/scripts/pki.sh" "$PKI" >/dev/null
# RFC 7919's ffdhe2048 group for the DHE and anonymous-DH suites (instant, unlike dhparam).
openssl genpkey -genparam -algorithm DH -pkeyopt group:ffdhe2048 -out "$PKI/ffdhe2048.pem" 2>/dev/null

# --- nginx: 127.0.0.60-63 ----------------------------------------------------------------------
# One server block per address, each its own SSL context. SECLEVEL=0 where the design needs what
# OpenSSL 3.0's default level 2 refuses (TLS 1.0/1.1's SHA-1 signatures, anonymous suites).
ORDERED="ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-SHA384:ECDHE-ECDSA-AES128-SHA"
{
nginx_conf_head scripts/interop/posture/start.sh "$STATE/nginx" "$LOGS" 1024 off
cat <<CONF
    ssl_session_tickets off;
    server {   # legacy: TLS 1.0 and 1.1 only
        listen 127.0.0.60:443 ssl;
        ssl_certificate     $PKI/posture-legacy.fullchain.pem;
        ssl_certificate_key $PKI/posture-legacy.key;
        ssl_protocols TLSv1 TLSv1.1;
        ssl_ciphers "DEFAULT:@SECLEVEL=0";
        return 200 "legacy\n";
    }
    server {   # weak: anonymous ECDH/DH, 3DES and static RSA beside ECDHE-GCM, TLS 1.2
        listen 127.0.0.61:443 ssl;
        ssl_certificate     $PKI/posture-weak.fullchain.pem;
        ssl_certificate_key $PKI/posture-weak.key;
        ssl_protocols TLSv1.2;
        ssl_dhparam $PKI/ffdhe2048.pem;
        ssl_prefer_server_ciphers on;
        ssl_ciphers "ECDHE-RSA-AES128-GCM-SHA256:AECDH-AES128-SHA:ADH-AES128-SHA:ECDHE-RSA-DES-CBC3-SHA:DES-CBC3-SHA:AES128-SHA:@SECLEVEL=0";
        return 200 "weak\n";
    }
    server {   # order: the server's own suite order
        listen 127.0.0.62:443 ssl;
        ssl_certificate     $PKI/posture-order.fullchain.pem;
        ssl_certificate_key $PKI/posture-order.key;
        ssl_protocols TLSv1.2 TLSv1.3;
        ssl_prefer_server_ciphers on;
        ssl_ciphers "$ORDERED";
        return 200 "order\n";
    }
    server {   # noorder: the same suites, the client's order
        listen 127.0.0.63:443 ssl;
        ssl_certificate     $PKI/posture-order.fullchain.pem;
        ssl_certificate_key $PKI/posture-order.key;
        ssl_protocols TLSv1.2 TLSv1.3;
        ssl_prefer_server_ciphers off;
        ssl_ciphers "$ORDERED";
        return 200 "noorder\n";
    }
}
CONF
} >"$STATE/nginx/nginx.conf"

# --- Dovecot: 127.0.0.64 -----------------------------------------------------------------------
# Mail servers are where legacy TLS lingers (old clients, "opportunistic" STARTTLS): TLS 1.0 and up,
# OpenSSL's DEFAULT suites at SECLEVEL 0. Nobody can log in (empty passwd-file).
cp "$PKI/posture-mail.fullchain.pem" "$STATE/dovecot/tls/cert.pem"
cp "$PKI/posture-mail.key" "$STATE/dovecot/tls/key.pem"
chmod 600 "$STATE/dovecot/tls/key.pem"
: >"$STATE/dovecot/users"
cat >"$STATE/dovecot/dovecot.conf" <<CONF
# Generated by scripts/interop/posture/start.sh; edits are lost on the next start.
instance_name = tlsweep-posture
protocols = imap pop3
listen = 127.0.0.64
base_dir = $STATE/dovecot/run
state_dir = $STATE/dovecot/state
log_path = /dev/stderr
ssl = yes
ssl_cert = <$STATE/dovecot/tls/cert.pem
ssl_key = <$STATE/dovecot/tls/key.pem
ssl_dh = <$PKI/ffdhe2048.pem
ssl_min_protocol = TLSv1
ssl_cipher_list = DEFAULT:@SECLEVEL=0
disable_plaintext_auth = yes
auth_mechanisms = plain
passdb {
  driver = passwd-file
  args = $STATE/dovecot/users
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=/nonexistent
}
service imap-login {
  inet_listener imap {
    port = 143
  }
  inet_listener imaps {
    port = 993
    ssl = yes
  }
}
service pop3-login {
  inet_listener pop3 {
    port = 110
  }
  inet_listener pop3s {
    port = 0
  }
}
CONF

# --- gnutls-serv: 127.0.0.1:443 in the namespace -----------------------------------------------
# GnuTLS still has 3DES and NULL suites; NORMAL plus them, anonymous DH/ECDH and static RSA, TLS 1.0
# to 1.2 (no 1.3: its five suites are covered by the nginx endpoints). --http answers a request.
GNUTLS_PRIORITY='NORMAL:-VERS-TLS1.3:+VERS-TLS1.1:+VERS-TLS1.0:+3DES-CBC:+ANON-ECDH:+ANON-DH:+RSA:+NULL:+SHA1'
# A second gnutls-serv on 444 takes NULL suites only: no TLS library tlsweep uses offers them, so
# tlsweep's own handshake is refused and only the enumeration (and its chain read in the clear)
# sees the server.
GNUTLS_NULL_PRIORITY='NONE:+VERS-TLS1.2:+VERS-TLS1.1:+VERS-TLS1.0:+NULL:+RSA:+SHA1:+SHA256:+COMP-NULL:+SIGN-ALL:+CTYPE-X509'
declare -A COMMANDS=(
  [nginx]="$NGINX_BIN -e $LOGS/nginx-error.log -p $STATE/nginx -c $STATE/nginx/nginx.conf"
  [dovecot]="/usr/sbin/dovecot -F -c $STATE/dovecot/dovecot.conf"
  [gnutls]="ip netns exec $POSTURE_NETNS gnutls-serv -p 443 --http --x509certfile $PKI/posture-weak.fullchain.pem --x509keyfile $PKI/posture-weak.key --priority $GNUTLS_PRIORITY"
  [gnutlsnull]="ip netns exec $POSTURE_NETNS gnutls-serv -p 444 --x509certfile $PKI/posture-weak.fullchain.pem --x509keyfile $PKI/posture-weak.key --priority $GNUTLS_NULL_PRIORITY"
)
# Background process started in STATEDIR (is_ours recognizes it by that), output to LOGS/SERVER.log,
# PID to RUN/SERVER.pid. The subshell execs, so $! is the server itself.
for server in "${SERVERS[@]}"; do
  (cd "$STATE" && exec ${COMMANDS[$server]}) </dev/null >"$LOGS/$server.log" 2>&1 &
  echo $! >"$RUN/$server.pid"
done

deadline=$((SECONDS + WAIT_SECONDS))
for server in "${SERVERS[@]}"; do
  for want in ${LISTENS[$server]}; do
    # Into a variable first: grep -q leaving early would SIGPIPE ss and fail the pipeline (pipefail).
    until up=$(listeners) && grep -qxF -- "$want" <<<"$up"; do
      if ! kill -0 "$(cat "$RUN/$server.pid")" 2>/dev/null; then
        "$HERE/stop.sh" "$STATE" >/dev/null || true
        die "$server exited during start-up; last lines of $LOGS/$server.log:
$(tail -n 20 "$LOGS/$server.log")"
      fi
      if [ $SECONDS -ge $deadline ]; then
        "$HERE/stop.sh" "$STATE" >/dev/null || true
        die "$server does not listen on $want after ${WAIT_SECONDS}s"
      fi
      sleep 0.1
    done
  done
done
for server in "${SERVERS[@]}"; do
  printf '  %-9s pid %-7s %s\n' "$server" "$(cat "$RUN/$server.pid")" "${LISTENS[$server]}"
done
