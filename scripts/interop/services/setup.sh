#!/usr/bin/env bash
# Installs the mail/directory/database/chat/news servers of the STARTTLS interop lab from Debian's
# registry: Postfix, Dovecot (IMAP, POP3, ManageSieve), OpenLDAP slapd, vsftpd, PostgreSQL, MariaDB,
# Prosody, OpenSSH, INN 2 (nnrpd for NNTP), plus the tools start.sh and verify-openssl.sh use
# (openssl, jq, procps, iproute2).
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
  postfix dovecot-imapd dovecot-pop3d dovecot-managesieved slapd ldap-utils vsftpd postgresql
  mariadb-server prosody openssh-server inn2 openssl jq procps iproute2
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

# inn2's postinst runs innconfval, which refuses to work when the machine's hostname has no
# domain ("hostname does not resolve or domain not set in inn.conf": a container's `vm` with only
# `127.0.0.1 vm` in /etc/hosts), and leaves inn2 half-configured. INNCONF points innconfval at
# another inn.conf: a copy of Debian's with a domain, used for the package's configure step only.
# /etc/news is left as shipped; the lab's nnrpd reads its own inn.conf under STATEDIR.
configure_inn2_without_fqdn() {
  local conf
  conf=$(mktemp /tmp/inn2-setup.XXXXXX.conf)
  sed 's/^#* *domain:.*/domain: interop.test/' /etc/news/inn.conf >"$conf"
  grep -q '^domain: interop.test' "$conf" || echo 'domain: interop.test' >>"$conf"
  echo "services/setup: configuring inn2 with INNCONF=$conf (this host's name has no domain)"
  INNCONF=$conf dpkg --configure inn2
  rm -f "$conf"
  dpkg --configure -a
}

echo "services/setup: installing ${missing[*]}"
apt-get update -qq
if ! apt-get install -y -qq --no-install-recommends "${missing[@]}"; then
  # Only inn2's known failure is repaired; anything else stays an error (checked below).
  if dpkg-query -W -f='${Status}' inn2 2>/dev/null | grep -q 'half-configured'; then
    configure_inn2_without_fqdn
  fi
fi
# An earlier run may have left inn2 half-configured too, where apt-get install succeeds as a no-op.
if dpkg-query -W -f='${Status}' inn2 2>/dev/null | grep -q 'half-configured'; then
  configure_inn2_without_fqdn
fi

not_installed=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' || not_installed+=("$pkg")
done
if [ ${#not_installed[@]} -gt 0 ]; then
  echo "services/setup: still not installed: ${not_installed[*]}" >&2
  exit 1
fi
echo "services/setup: done"
