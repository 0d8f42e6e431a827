#!/usr/bin/env bash
# Builds the interop lab's test PKI with the openssl CLI: nothing is checked in, everything is
# re-made in about a second.
#
#   scripts/pki.sh OUTDIR
#
#   root (EC P-256) ─┬─ intermediate (EC P-256) ─ good, expired, wrongname, nointermediate,
#                    │                              clientauth, legacy, bench, client,
#                    │                              svc-smtp, svc-mail, svc-ldap, svc-ftp,
#                    │                              svc-postgres, svc-mysql, svc-xmpp,
#                    │                              svc-mismatch-smtp, svc-mismatch-mail, svc-nntp,
#                    │                              web-h3, web-a, web-b, web-default, web-redirect,
#                    │                              web-broken, web-no80, web-altsvc, web-alpn,
#                    │                              posture-order, jarm-nginx, jarm-caddy
#                    └─ intermediate-rsa (RSA-2048) ─ weak (RSA-1024, sha1WithRSAEncryption),
#                                                     oldcipher, posture-legacy, posture-weak,
#                                                     posture-mail, jarm-legacy (RSA-2048)
#   selfsigned (EC P-256, its own issuer)
#
# Output in OUTDIR: root.pem (the file a scan passes with --ca-file), intermediate.pem,
# intermediate-rsa.pem, and for every leaf NAME: NAME.key (PKCS#8), NAME.crt (leaf only),
# NAME.fullchain.pem (leaf + its intermediate; the self-signed leaf alone).
#
# Why `openssl ca` rather than `openssl x509 -req`: OpenSSL 3.0 (Debian 12) can only set validity
# dates through `openssl ca -startdate/-enddate`. The expired leaf needs a window wholly in the past
# that still lies inside its issuers' validity, so the CAs are back-dated too and the chain is
# otherwise valid: "expired" is then the only thing wrong with it.
# Why a second, RSA intermediate: a sha1WithRSA signature (the weak leaf) needs an RSA issuer key.
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 OUTDIR" >&2
  exit 2
fi
OUT=$1
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
WORK=$(mktemp -d "$OUT/.work.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# All dates are relative to now so the PKI never expires under the lab; UTCTime format.
when() { date -u -d "$1" +%Y%m%d%H%M%SZ; }
CA_START=$(when '-5 years'); CA_END=$(when '+10 years')
LEAF_START=$(when '-1 day'); LEAF_END=$(when '+397 days')
EXPIRED_START=$(when '-2 years'); EXPIRED_END=$(when '-1 year')

cat >"$WORK/ca.cnf" <<'CNF'
# Minimal `openssl ca` config; the issuer, key, dates and extension section come from the
# command line and the environment so one file serves every issuer.
[ ca ]
default_ca = issuer
[ issuer ]
dir            = $ENV::CADIR
database       = $dir/index.txt
new_certs_dir  = $dir
serial         = $dir/serial
default_md     = sha256
policy         = policy_any
unique_subject = no
copy_extensions = none
email_in_dn    = no
[ policy_any ]
commonName       = supplied
organizationName = optional
[ req ]
distinguished_name = req_dn
prompt = no
[ req_dn ]
CN = unused
[ v3_root ]
basicConstraints       = critical, CA:true
keyUsage               = critical, keyCertSign, cRLSign
subjectKeyIdentifier   = hash
[ v3_intermediate ]
basicConstraints       = critical, CA:true, pathlen:0
keyUsage               = critical, keyCertSign, cRLSign
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always
[ v3_server ]
basicConstraints       = critical, CA:false
keyUsage               = critical, $ENV::LEAF_KU
extendedKeyUsage       = serverAuth
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid
subjectAltName         = $ENV::SAN
[ v3_selfsigned ]
basicConstraints       = critical, CA:false
keyUsage               = critical, digitalSignature
extendedKeyUsage       = serverAuth
subjectKeyIdentifier   = hash
subjectAltName         = $ENV::SAN
[ v3_client ]
basicConstraints       = critical, CA:false
keyUsage               = critical, digitalSignature
extendedKeyUsage       = clientAuth
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid
subjectAltName         = $ENV::SAN
CNF
export SAN="DNS:unused" LEAF_KU="digitalSignature" CADIR=""

ec_key()  { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
rsa_key() { openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:"$2" -out "$1" 2>/dev/null; }

# new_issuer_db NAME: the per-issuer serial file and index that `openssl ca` insists on.
new_issuer_db() {
  mkdir -p "$WORK/$1"
  : >"$WORK/$1/index.txt"
  openssl rand -hex 8 >"$WORK/$1/serial"
}

# sign ISSUER ISSUER_CERT ISSUER_KEY CN CSR_KEY OUT_CERT EXT_SECTION START END [MD]
# ISSUER_CERT "self" means self-signed (openssl ca -selfsign with the subject's own key).
sign() {
  local issuer=$1 icert=$2 ikey=$3 cn=$4 key=$5 out=$6 ext=$7 start=$8 end=$9 md=${10:-sha256}
  local csr="$WORK/$(basename "$out").csr"
  openssl req -new -config "$WORK/ca.cnf" -key "$key" -subj "/O=tlsweep interop lab/CN=$cn" -out "$csr"
  local how=(-cert "$icert" -keyfile "$ikey")
  if [ "$icert" = self ]; then how=(-selfsign -keyfile "$key"); fi
  CADIR="$WORK/$issuer" openssl ca -batch -notext -preserveDN -config "$WORK/ca.cnf" "${how[@]}" \
    -in "$csr" -out "$out" -extensions "$ext" -md "$md" \
    -startdate "$start" -enddate "$end" 2>"$WORK/ca.err" || { cat "$WORK/ca.err" >&2; return 1; }
}

# --- CAs ---------------------------------------------------------------------------------------
new_issuer_db root
ec_key "$OUT/root.key"
sign root self "" "tlsweep interop root CA" "$OUT/root.key" "$OUT/root.pem" v3_root "$CA_START" "$CA_END"

new_issuer_db intermediate
ec_key "$OUT/intermediate.key"
sign root "$OUT/root.pem" "$OUT/root.key" "tlsweep interop intermediate CA" \
  "$OUT/intermediate.key" "$OUT/intermediate.pem" v3_intermediate "$CA_START" "$CA_END"

new_issuer_db intermediate-rsa
rsa_key "$OUT/intermediate-rsa.key" 2048
sign root "$OUT/root.pem" "$OUT/root.key" "tlsweep interop intermediate CA (RSA)" \
  "$OUT/intermediate-rsa.key" "$OUT/intermediate-rsa.pem" v3_intermediate "$CA_START" "$CA_END"

# --- leaves ------------------------------------------------------------------------------------
# leaf NAME CN SAN [ISSUER] [START END] [KEYTYPE BITS] [MD] [EXT]
leaf() {
  local name=$1 cn=$2 san=$3 issuer=${4:-intermediate} start=${5:-$LEAF_START} end=${6:-$LEAF_END}
  local keytype=${7:-ec} bits=${8:-} md=${9:-sha256} ext=${10:-v3_server}
  if [ "$keytype" = rsa ]; then rsa_key "$OUT/$name.key" "$bits"; else ec_key "$OUT/$name.key"; fi
  # RSA keys may do RSA key exchange (TLS 1.0/1.2 RSA suites), which needs keyEncipherment.
  local ku=digitalSignature
  if [ "$keytype" = rsa ]; then ku="digitalSignature, keyEncipherment"; fi
  if [ "$issuer" = self ]; then
    new_issuer_db "$name"
    SAN=$san LEAF_KU=$ku sign "$name" self "" "$cn" "$OUT/$name.key" "$OUT/$name.crt" "$ext" "$start" "$end" "$md"
    cp "$OUT/$name.crt" "$OUT/$name.fullchain.pem"
  else
    SAN=$san LEAF_KU=$ku sign "$issuer" "$OUT/$issuer.pem" "$OUT/$issuer.key" "$cn" \
      "$OUT/$name.key" "$OUT/$name.crt" "$ext" "$start" "$end" "$md"
    cat "$OUT/$name.crt" "$OUT/$issuer.pem" >"$OUT/$name.fullchain.pem"
  fi
}

leaf good           good.interop.test           "DNS:good.interop.test, DNS:www.good.interop.test, IP:127.0.0.10"
leaf expired        expired.interop.test        "DNS:expired.interop.test, IP:127.0.0.10" \
                    intermediate "$EXPIRED_START" "$EXPIRED_END"
leaf wrongname      wrong.interop.test          "DNS:wrong.interop.test"
leaf selfsigned     selfsigned.interop.test     "DNS:selfsigned.interop.test, IP:127.0.0.11" \
                    self "" "" ec "" sha256 v3_selfsigned
leaf nointermediate nointermediate.interop.test "DNS:nointermediate.interop.test, IP:127.0.0.12"
leaf clientauth     clientauth.interop.test     "DNS:clientauth.interop.test, IP:127.0.0.13"
leaf legacy         legacy.interop.test         "DNS:legacy.interop.test, IP:127.0.0.13"
leaf weak           weak.interop.test           "DNS:weak.interop.test, IP:127.0.0.14" \
                    intermediate-rsa "" "" rsa 1024 sha1
leaf misordered     misordered.interop.test     "DNS:misordered.interop.test, IP:127.0.0.15"
leaf oldcipher      oldcipher.interop.test      "DNS:oldcipher.interop.test, IP:127.0.0.15" \
                    intermediate-rsa "" "" rsa 2048
# Served as leaf, an unrelated certificate, then the intermediate: complete but out of order.
cat "$OUT/misordered.crt" "$OUT/selfsigned.crt" "$OUT/intermediate.pem" >"$OUT/misordered.fullchain.pem"
# The same without the leaf, for servers that take the chain apart from the leaf (s_server -cert_chain).
cat "$OUT/selfsigned.crt" "$OUT/intermediate.pem" >"$OUT/misordered.chain.pem"
leaf bench          bench.interop.test          "DNS:bench.interop.test"
# A client certificate, so the client-auth server can also be shown succeeding by hand.
leaf client         client.interop.test         "DNS:client.interop.test" \
                    intermediate "" "" ec "" sha256 v3_client

# The STARTTLS / in-protocol-TLS servers of scripts/interop/services/ (one leaf per server, named
# after the address it listens on; docs/interop-services.md). All EC P-256 from the EC intermediate:
# each of these servers loads an EC key, so no RSA is needed.
leaf svc-smtp       smtp.interop.test           "DNS:smtp.interop.test, IP:127.0.0.20"
# Dovecot serves IMAP and POP3 from one address with one certificate.
leaf svc-mail       imap.interop.test           "DNS:imap.interop.test, DNS:pop3.interop.test, IP:127.0.0.21"
leaf svc-ldap       ldap.interop.test           "DNS:ldap.interop.test, IP:127.0.0.22"
leaf svc-ftp        ftp.interop.test            "DNS:ftp.interop.test, IP:127.0.0.23"
leaf svc-postgres   postgres.interop.test       "DNS:postgres.interop.test, IP:127.0.0.24"
leaf svc-mysql      mysql.interop.test          "DNS:mysql.interop.test, IP:127.0.0.25"
leaf svc-xmpp       xmpp.interop.test           "DNS:xmpp.interop.test, IP:127.0.0.26"
# The mode-mismatch endpoints on 127.0.0.29 (TLS mode wrong for the port). Postfix and Dovecot
# share that address, so each gets its own leaf: the leaf a handshake shows names the server.
leaf svc-mismatch-smtp smtp.mismatch.interop.test "DNS:smtp.mismatch.interop.test, IP:127.0.0.29"
leaf svc-mismatch-mail imap.mismatch.interop.test "DNS:imap.mismatch.interop.test, IP:127.0.0.29"
# INN's nnrpd: NNTP with STARTTLS on 127.0.0.31 (its own address: no other lab server there).
leaf svc-nntp       news.interop.test           "DNS:news.interop.test, IP:127.0.0.31"

# The web lab of scripts/interop/web/ (docs/interop-web.md): one leaf per server or SNI vhost, so
# the leaf a handshake shows names the vhost that answered. 127.0.0.51 serves a.web.test and
# b.web.test by SNI and web-default to clients that send no (or an unknown) name.
leaf web-h3         h3.web.test                 "DNS:h3.web.test, DNS:www.web.test, IP:127.0.0.50"
leaf web-a          a.web.test                  "DNS:a.web.test"
leaf web-b          b.web.test                  "DNS:b.web.test"
leaf web-default    default.web.test            "DNS:default.web.test, IP:127.0.0.51"
leaf web-redirect   redirect.web.test           "DNS:redirect.web.test, IP:127.0.0.52"
leaf web-broken     broken.web.test             "DNS:broken.web.test, IP:127.0.0.53"
leaf web-no80       no80.web.test               "DNS:no80.web.test, IP:127.0.0.54"
leaf web-altsvc     altsvc.web.test             "DNS:altsvc.web.test, IP:127.0.0.55"
leaf web-alpn       alpn.web.test               "DNS:alpn.web.test, IP:127.0.0.56"
# The TLS posture lab of scripts/interop/posture/ (docs/interop-posture.md): RSA-2048 leaves where
# RSA key exchange and the legacy suites need an RSA key, EC P-256 where a modern server uses one.
leaf posture-legacy legacy.posture.test         "DNS:legacy.posture.test, IP:127.0.0.60" \
                    intermediate-rsa "" "" rsa 2048
leaf posture-weak   weak.posture.test           "DNS:weak.posture.test, IP:127.0.0.61" \
                    intermediate-rsa "" "" rsa 2048
leaf posture-order  order.posture.test          "DNS:order.posture.test, DNS:noorder.posture.test, IP:127.0.0.62, IP:127.0.0.63"
leaf posture-mail   mail.posture.test           "DNS:mail.posture.test, IP:127.0.0.64" \
                    intermediate-rsa "" "" rsa 2048

# The JARM lab of scripts/interop/jarm/ (docs/fingerprints.md): the servers of the JARM test vectors.
# The vectors name the leaf type: ECDSA P-256 for nginx (TLS 1.2/1.3) and Caddy, RSA-2048 for the
# TLS 1.0/1.1-only nginx; each with its intermediate in the served chain.
leaf jarm-nginx     nginx.jarm.test             "DNS:nginx.jarm.test, IP:127.0.0.70"
leaf jarm-caddy     caddy.jarm.test             "DNS:caddy.jarm.test, IP:127.0.0.71"
leaf jarm-legacy    legacy.jarm.test            "DNS:legacy.jarm.test, IP:127.0.0.72" \
                    intermediate-rsa "" "" rsa 2048

chmod 600 "$OUT"/*.key
echo "pki: wrote $(ls "$OUT"/*.crt | wc -l) leaves, root.pem and intermediates to $OUT"
