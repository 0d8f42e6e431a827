#!/usr/bin/env bash
# Judges tlsweep's records for the STARTTLS lab against what `openssl s_client` established
# (STATEDIR/expected.json, written by start.sh): per endpoint the service, the TLS mode, the
# upgrade outcome, the TLS version and the leaf certificate's SHA-256; plus the diagnosis where
# the lab runs a port in the wrong mode, and the plaintext-only and SSH endpoints.
#
#   scripts/interop/services/check-sweep.sh STATEDIR/expected.json SWEEP.ndjson [MORE.ndjson ...]
#
# A record is matched to an endpoint by ip:port and SNI: the endpoint's servername when a record
# with that SNI exists (XMPP needs its domain), else the bare-address record. Exit 0 when every
# check passes, 1 otherwise, 2 on bad usage.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 EXPECTED.json SWEEP.ndjson [MORE.ndjson ...]" >&2; exit 2; }
expected=$1; shift
for f in "$expected" "$@"; do [ -r "$f" ] || { echo "check-sweep: cannot read $f" >&2; exit 2; }; done

# tlsweep names services after its port catalogue (docs/ports.md); the lab's table uses IANA-ish names
# (IANA's 4190 is "sieve", tlsweep's "managesieve").
results=$(cat "$@" | jq -s --slurpfile exp "$expected" -r '
  def catalogue_service: {"smtp":"smtp","submission":"smtp-submission","smtps":"smtps","imap":"imap","imaps":"imaps",
    "pop3":"pop3","pop3s":"pop3s","ldap":"ldap","ldaps":"ldaps","ftp":"ftp","postgresql":"postgres","mysql":"mysql",
    "xmpp-client":"xmpp-client","sieve":"managesieve","nntp":"nntp","ssh":null}[.];
  . as $records
  | $exp[0][] as $e
  | ($records | map(select(.ip == $e.ip and .port == $e.port))) as $at
  | (($at | map(select(.sni == $e.servername))) as $named
     | if ($named | length) > 0 then $named else ($at | map(select(.sni == null))) end) as $found
  | "\($e.ip):\($e.port)" as $where
  | if ($found | length) != 1 then ["FAIL", $where, $e.name, "found \($found | length) records, want 1"]
    else $found[0] as $r
    | [
        (if $e.diagnosis != null and $r.diagnosis != $e.diagnosis
           then "diagnosis \($r.diagnosis | tojson), want \($e.diagnosis | tojson)" else empty end),
        (if $e.tls_mode == "none" then
           (if $r.tls_mode != "none" then "tls_mode \($r.tls_mode | tojson), want \"none\"" else empty end),
           (if $e.starttls_protocol == "smtp" then
              (if $r.status != "starttls_unsupported" then "status \($r.status), want starttls_unsupported" else empty end),
              (if $r.prelude.starttls_advertised != false then "prelude.starttls_advertised \($r.prelude.starttls_advertised), want false" else empty end),
              (if ($r.diagnosis // "") | test("no TLS upgrade") | not then "diagnosis \($r.diagnosis | tojson), want the no-upgrade sentence" else empty end)
            else
              (if $r.status != "not_tls" then "status \($r.status), want not_tls" else empty end),
              (if $e.port == 22 and $r.diagnosis != "22 is SSH (SFTP), not TLS" then "diagnosis \($r.diagnosis | tojson)" else empty end)
            end)
         else
           (if $r.status != "success" then "status \($r.status) (\($r.error)), want success" else empty end),
           (if $r.tls_mode != $e.tls_mode then "tls_mode \($r.tls_mode), want \($e.tls_mode)" else empty end),
           (if $e.tls_mode == "starttls" and $r.prelude.protocol != $e.starttls_protocol
              then "prelude.protocol \($r.prelude.protocol | tojson), want \($e.starttls_protocol)" else empty end),
           (if ($e.service | catalogue_service) != $r.service and $e.diagnosis == null
              then "service \($r.service | tojson), want \($e.service | catalogue_service | tojson)" else empty end),
           (if $r.tls.version != $e.tls_version then "tls.version \($r.tls.version | tojson), want \($e.tls_version)" else empty end),
           (if $r.cert.sha256 != $e.leaf_sha256 then "cert.sha256 \($r.cert.sha256 | tojson), want \($e.leaf_sha256)" else empty end),
           (if $r.verdict.trusted != true then "verdict.trusted \($r.verdict.trusted), want true" else empty end),
           (if $r.prelude != null and $r.prelude.injection != false then "prelude.injection \($r.prelude.injection)" else empty end)
         end)
      ] as $problems
    | if ($problems | length) == 0
        then ["PASS", $where, $e.name, "\($r.tls_mode // "-") \($r.status) \($r.tls.version // "") \($r.diagnosis // "")"]
        else ["FAIL", $where, $e.name, ($problems | join("; "))] end
    end
  | @tsv')

printf '%s\n' "$results" | awk -F'\t' '{ printf "%-5s %-17s %-12s %s\n", $1, $2, $3, $4 }'
fails=$(printf '%s\n' "$results" | grep -c '^FAIL' || true)
total=$(printf '%s\n' "$results" | grep -c . || true)
if [ "$fails" -gt 0 ]; then
  echo "check-sweep (services): $fails of $total endpoints FAILED" >&2
  exit 1
fi
echo "check-sweep (services): all $total endpoints as openssl s_client saw them"
