#!/usr/bin/env bash
# Installs what the web interop lab (HTTP/3, SNI vhosts, ACME readiness; docs/interop-web.md) needs
# from Debian's registry, without starting any daemon system-wide (see ../apt-install.sh):
#   caddy                HTTPS + HTTP/3 (QUIC) on 127.0.0.50
#   nginx, libnginx-mod-stream   the SNI vhosts, port-80 variants, Alt-Svc without QUIC, and the
#                        ssl_preread ALPN router in front of the TLS-ALPN-01 responder
#   ngtcp2-client        gtlsclient: an independent QUIC handshake for verify.sh
#   curl, openssl, jq    verify.sh's other independent tools, and the checker
# Idempotent.
#
#   scripts/interop/web/setup.sh
set -euo pipefail
exec "$(dirname "$0")/../apt-install.sh" web/setup \
  caddy nginx libnginx-mod-stream ngtcp2-client curl openssl jq procps iproute2
