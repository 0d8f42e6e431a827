#!/usr/bin/env bash
# Installs the mail/directory/database/chat servers of the STARTTLS interop lab from Debian's
# registry: Postfix, Dovecot (IMAP, POP3), OpenLDAP slapd, vsftpd, PostgreSQL, MariaDB, Prosody,
# OpenSSH, plus the tools start.sh and verify-openssl.sh use (openssl, jq, procps, iproute2).
#
#   scripts/interop/services/setup.sh
#
# Idempotent: when every package is installed, apt is not touched at all (apt-get update is the
# slow part, and CI reaches no network beyond the package registries).
#
# Nothing may start system-wide: every one of these packages' postinst would start its daemon on
# the machine's default addresses (postfix and sshd on 0.0.0.0, postgres on 127.0.0.1:5432 ...),
# where it would collide with the lab's own instances and outlive it. A policy-rc.d that exits 101
# tells invoke-rc.d "not allowed" for the duration of the install; one that was already there
# (Docker images ship one) is put back byte for byte.
set -euo pipefail

PACKAGES=(
  postfix dovecot-imapd dovecot-pop3d slapd ldap-utils vsftpd postgresql mariadb-server
  prosody openssh-server openssl jq procps iproute2
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  # dpkg is the authority: several daemons live in /usr/sbin or /usr/lib/... off a user's PATH.
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed'; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "services/setup: all ${#PACKAGES[@]} packages already installed; nothing to do"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "services/setup: need root to apt-get install: ${missing[*]}" >&2
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
  BACKUP=$(mktemp /usr/sbin/.policy-rc.d.services.XXXXXX)
  cp -p "$POLICY" "$BACKUP"
fi
trap restore_policy EXIT
printf '#!/bin/sh\n# temporary, from tlsweep scripts/interop/services/setup.sh: start no daemons\nexit 101\n' >"$POLICY"
chmod 755 "$POLICY"

# postfix and slapd ask debconf questions; the defaults are fine, since the lab writes its own
# configuration under its state directory and never reads /etc/postfix or /etc/ldap/slapd.d.
export DEBIAN_FRONTEND=noninteractive
echo "services/setup: installing ${missing[*]}"
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"

echo "services/setup: done"
