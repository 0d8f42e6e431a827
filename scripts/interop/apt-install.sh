#!/usr/bin/env bash
# Installs the Debian packages given that are not installed yet, without letting any of them start
# a daemon system-wide. Shared by the interop labs' setup scripts.
#
#   scripts/interop/apt-install.sh LABEL PACKAGE...
#
# A package whose postinst needs help (inn2 on a host without a domain) can be repaired by the caller:
# APT_INSTALL_REPAIR names a command (an exported bash function is fine) run after the install, still
# under the no-daemons guard; every package must be installed afterwards.
#
# Idempotent: when every package is installed, apt is not touched at all (apt-get update is the
# slow part, and CI reaches no network beyond the package registries).
#
# Why the policy-rc.d: Debian's postinst scripts start their daemons on the machine's default
# addresses (nginx and sshd on 0.0.0.0, postgres on 127.0.0.1:5432, ...), where they would collide
# with the labs' own instances and outlive them. A policy-rc.d that exits 101 tells invoke-rc.d
# "not allowed" for the duration of the install; one that was already there (Docker images ship
# one) is put back byte for byte.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 LABEL PACKAGE..." >&2; exit 2; }
label=$1; shift

missing=()
for pkg in "$@"; do
  # dpkg is the authority: several daemons live in /usr/sbin or /usr/lib/... off a user's PATH.
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed'; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "$label: all $# packages already installed; nothing to do"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "$label: need root to apt-get install: ${missing[*]}" >&2
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
  BACKUP=$(mktemp /usr/sbin/.policy-rc.d.tlsweep.XXXXXX)
  cp -p "$POLICY" "$BACKUP"
fi
trap restore_policy EXIT
printf '#!/bin/sh\n# temporary, from tlsweep scripts/interop/apt-install.sh: start no daemons\nexit 101\n' >"$POLICY"
chmod 755 "$POLICY"

# postfix and slapd ask debconf questions; the defaults are fine, since the labs write their own
# configuration under their state directories.
export DEBIAN_FRONTEND=noninteractive
echo "$label: installing ${missing[*]}"
apt-get update -qq
if ! apt-get install -y -qq --no-install-recommends "${missing[@]}" && [ -z "${APT_INSTALL_REPAIR:-}" ]; then
  exit 1
fi
if [ -n "${APT_INSTALL_REPAIR:-}" ]; then
  "$APT_INSTALL_REPAIR"
fi

not_installed=()
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' || not_installed+=("$pkg")
done
if [ ${#not_installed[@]} -gt 0 ]; then
  echo "$label: still not installed: ${not_installed[*]}" >&2
  exit 1
fi
echo "$label: done"
