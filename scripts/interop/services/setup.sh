#!/usr/bin/env bash
# Installs the mail/directory/database/chat servers of the STARTTLS interop lab from Debian's
# registry: Postfix, Dovecot (IMAP, POP3), OpenLDAP slapd, vsftpd, PostgreSQL, MariaDB, Prosody,
# OpenSSH, plus the tools start.sh and verify-openssl.sh use (openssl, jq, procps, iproute2).
#
#   scripts/interop/services/setup.sh
#
# Idempotent, and nothing starts system-wide while installing (see ../apt-install.sh).
set -euo pipefail

PACKAGES=(
  postfix dovecot-imapd dovecot-pop3d slapd ldap-utils vsftpd postgresql mariadb-server
  prosody openssh-server openssl jq procps iproute2
)

exec "$(dirname "$0")/../apt-install.sh" services/setup "${PACKAGES[@]}"
