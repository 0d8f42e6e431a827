#!/usr/bin/env bash
# Installs what the TLS posture lab (legacy versions, weak and anonymous suites, server vs client
# cipher order, a STARTTLS mail server with legacy versions; docs/interop-posture.md) needs from
# Debian's registry, without starting any daemon system-wide (see ../apt-install.sh):
#   nginx                          the four HTTPS postures on 127.0.0.60-63
#   dovecot-imapd, dovecot-pop3d   IMAP/POP3 with STARTTLS and legacy versions on 127.0.0.64
#   sslscan                        the reference enumeration verify.sh records
#   gnutls-bin                     gnutls-serv (3DES, which Debian's OpenSSL 3.0 lacks; NULL) and gnutls-cli
#   openssl, jq                    verify.sh's own checks
# Idempotent.
#
#   scripts/interop/posture/setup.sh
set -euo pipefail
exec "$(dirname "$0")/../apt-install.sh" posture/setup \
  nginx dovecot-imapd dovecot-pop3d sslscan gnutls-bin openssl jq procps iproute2 python3
