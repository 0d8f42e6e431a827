#!/usr/bin/env bash
# Installs the mail/directory/database/chat/news servers of the STARTTLS interop lab from Debian's
# registry: Postfix, Dovecot (IMAP, POP3, ManageSieve), OpenLDAP slapd, vsftpd, PostgreSQL, MariaDB,
# Prosody, OpenSSH, INN (nnrpd), plus the tools start.sh and verify-openssl.sh use (openssl, jq,
# procps, iproute2).
#
#   scripts/interop/services/setup.sh
#
# Idempotent, and nothing starts system-wide while installing (see ../apt-install.sh).
set -euo pipefail

PACKAGES=(
  postfix dovecot-imapd dovecot-pop3d dovecot-managesieved slapd ldap-utils vsftpd postgresql
  mariadb-server prosody openssh-server inn2 openssl jq procps iproute2 socat
)

# inn2's postinst runs innconfval, which refuses to work when the machine's hostname has no
# domain ("hostname does not resolve or domain not set in inn.conf": a container's `vm` with only
# `127.0.0.1 vm` in /etc/hosts), and leaves inn2 half-configured. INNCONF points innconfval at
# another inn.conf: a copy of Debian's with a domain, used for the package's configure step only.
# /etc/news is left as shipped; the lab's nnrpd reads its own inn.conf under STATEDIR.
# Runs after the install, under apt-install.sh's no-daemons guard; also repairs an earlier run's
# half-configured inn2 (where apt-get install succeeds as a no-op).
repair_inn2() {
  dpkg-query -W -f='${Status}' inn2 2>/dev/null | grep -q 'half-configured' || return 0
  local conf
  conf=$(mktemp /tmp/inn2-setup.XXXXXX.conf)
  sed 's/^#* *domain:.*/domain: interop.test/' /etc/news/inn.conf >"$conf"
  grep -q '^domain: interop.test' "$conf" || echo 'domain: interop.test' >>"$conf"
  echo "services/setup: configuring inn2 with INNCONF=$conf (this host's name has no domain)"
  INNCONF=$conf dpkg --configure inn2
  rm -f "$conf"
  dpkg --configure -a
}
export -f repair_inn2
export APT_INSTALL_REPAIR=repair_inn2

exec "$(dirname "$0")/../apt-install.sh" services/setup "${PACKAGES[@]}"
