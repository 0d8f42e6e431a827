#!/usr/bin/env bash
# Installs what the JARM lab (docs/fingerprints.md) needs from Debian's registry, without starting
# any daemon system-wide (see ../apt-install.sh): nginx (1.22.1 on Debian 12) and caddy (2.6.2),
# the servers of the test vectors; openssl for the PKI and verify.sh's protocol check; jq
# for verify.sh's reading of the scan records. Idempotent.
#
#   scripts/interop/jarm/setup.sh
set -euo pipefail
exec "$(dirname "$0")/../apt-install.sh" jarm/setup nginx caddy openssl jq procps iproute2
