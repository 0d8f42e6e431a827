#!/usr/bin/env bash
# Installs what the nginx / openssl s_server interop lab needs from Debian's registry, without
# starting any daemon system-wide (see apt-install.sh). Idempotent.
set -euo pipefail
# nginx, not nginx-light: the latter is only a transitional package in Debian 12.
exec "$(dirname "$0")/apt-install.sh" setup nginx openssl jq procps psmisc iproute2
