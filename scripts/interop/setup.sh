#!/usr/bin/env bash
# Installs what the interop lab needs (nginx, openssl, jq, procps, psmisc) from Debian's registry.
#
# Idempotent: when every tool is already there, apt is not touched at all (CI machines have no
# network beyond the package registries, and apt-get update is the slow part).
#
# Daemons must never start system-wide: Debian's nginx postinst would start a server on
# 0.0.0.0:80. A policy-rc.d that exits 101 tells invoke-rc.d "not allowed" for the duration of
# the install. A policy-rc.d that was already there (Docker images ship one) is put back as it was.
set -euo pipefail

# command -> Debian package that provides it
declare -A PROVIDER=(
  [nginx]=nginx        # nginx-light is only a transitional package in Debian 12
  [openssl]=openssl
  [jq]=jq
  [pkill]=procps
  [fuser]=psmisc
  [ss]=iproute2
)

missing=()
for cmd in "${!PROVIDER[@]}"; do
  pkg=${PROVIDER[$cmd]}
  # nginx lives in /usr/sbin, which may not be on a non-root PATH; dpkg is the authority.
  if ! command -v "$cmd" >/dev/null 2>&1 && ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed'; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: nginx, openssl, jq, procps, psmisc already installed; nothing to do"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "setup: need root to apt-get install: ${missing[*]}" >&2
  exit 1
fi

POLICY=/usr/sbin/policy-rc.d
BACKUP=""
restore_policy() {
  if [ -n "$BACKUP" ]; then
    mv -f "$BACKUP" "$POLICY"
  else
    rm -f "$POLICY"
  fi
}
if [ -e "$POLICY" ]; then
  BACKUP=$(mktemp /usr/sbin/.policy-rc.d.interop.XXXXXX)
  cp -p "$POLICY" "$BACKUP"
fi
trap restore_policy EXIT
printf '#!/bin/sh\n# temporary, from tlsweep scripts/interop/setup.sh: start no daemons\nexit 101\n' >"$POLICY"
chmod 755 "$POLICY"

export DEBIAN_FRONTEND=noninteractive
echo "setup: installing ${missing[*]}"
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"

echo "setup: done"
