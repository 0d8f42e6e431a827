#!/usr/bin/env bash
# Regenerates sweep-fail.ndjson from sweep-pass.ndjson (a real boringssl sweep of the lab): the
# same records with the mistakes below, in place, so the file keeps 512 lines. selftest.sh expects
# exactly the rows named in each comment to FAIL; keep the two in step.
#
#   scripts/interop/testdata/make-fail.sh     (rewrites sweep-fail.ndjson beside this script)
set -euo pipefail
cd "$(dirname "$0")"

# at IP PORT FILTER -> a jq filter that changes only that endpoint's record
at() { echo "if .ip == \"$1\" and .port == $2 then $3 else . end"; }

mutations=(
  # 127.0.0.10:443  good, but with a finding it does not have
  "$(at 127.0.0.10 443 '.findings += [{code: "chain_order", detail: "extra certificate"}]')"
  # 127.0.0.10:8443 an expired leaf also reported as untrusted (the old double-reporting)
  "$(at 127.0.0.10 8443 '.verdict.trusted = false | .findings += [{code: "untrusted", detail: "certificate expired"}]')"
  # 127.0.0.13:443  the scanner closed before the certificate_required alert arrived
  "$(at 127.0.0.13 443 '.status = "success" | .error = null | .phase = null')"
  # 127.0.0.14:443  the sha1WithRSA signature went unnoticed
  "$(at 127.0.0.14 443 '.findings |= map(select(.code != "weak_signature"))')"
  # 127.0.0.15:443  chain order not checked
  "$(at 127.0.0.15 443 '.verdict.chain_ordered = true | .findings = []')"
  # 127.0.0.15:8443 a JDK-provider answer in a boringssl sweep
  "$(at 127.0.0.15 8443 '.status = "success" | .error = null | .phase = null')"
  # 501 others      a refused endpoint turned into a timeout
  "$(at 127.0.0.200 8443 '.status = "timeout" | .error = "connect timed out"')"
  # (file), 501     127.0.0.51:443 replaced by a second 127.0.0.52:443 (one missing, one twice)
  "$(at 127.0.0.51 443 '.ip = "127.0.0.52"')"
)
filter=$(printf '%s | ' "${mutations[@]}")
jq -c "${filter}." sweep-pass.ndjson >sweep-fail.ndjson.tmp

# (file), 501     the record of 127.0.0.50:443 cut off mid-line (a writer killed mid-record)
awk '/"ip":"127\.0\.0\.50","port":443,/ { print substr($0, 1, 60); next } { print }' \
  sweep-fail.ndjson.tmp >sweep-fail.ndjson
rm sweep-fail.ndjson.tmp
echo "make-fail: wrote $(wc -l <sweep-fail.ndjson) lines to $(pwd)/sweep-fail.ndjson"
