#!/usr/bin/env bash
# Proves check-sweep.sh catches what it claims to: needs only bash, jq and coreutils (no lab).
#
#   scripts/interop/selftest.sh            (exit 0 when every case behaves; SEED=N to vary the
#                                            randomized part, which prints its seed)
#
# The fixtures are real sweeps of the lab (testdata/sweep-pass.ndjson with --provider boringssl,
# testdata/sweep-pass-jdk.ndjson with --provider jdk), records in the order tlsweep wrote them.
# 1. Both pass under their own provider, also shuffled and without a final newline; each fails
#    under the other provider on exactly the anonymous-only row.
# 2. testdata/sweep-fail.ndjson (made by testdata/make-fail.sh) fails on exactly the rows it breaks.
# 3. One targeted mutation per expectation: each must turn exactly its row to FAIL. This includes
#    what the checker used to tolerate and no longer does (nested certs.* layout, extra findings,
#    reset/closed for the client-auth server).
# 4. Randomized input: random garbage lines, random field deletions and random status swaps must
#    give exit 0 or 1 (never a jq crash), and 1 whenever the input was made wrong.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
CHECK=$HERE/check-sweep.sh
PASS_FIXTURE=$HERE/testdata/sweep-pass.ndjson
JDK_FIXTURE=$HERE/testdata/sweep-pass-jdk.ndjson
FAIL_FIXTURE=$HERE/testdata/sweep-fail.ndjson
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
failures=0 cases=0
ANON=127.0.0.15:8443
OTHERS="501"   # the row name of the refused endpoints

# run FILE [PROVIDER] -> sets RC and OUT
run() { set +e; OUT=$("$CHECK" "$1" --provider "${2:-boringssl}" 2>&1); RC=$?; set -e; }
bad() { echo "SELFTEST FAIL: $*"; echo "$OUT" | sed 's/^/    | /'; failures=$((failures + 1)); }
failed_rows() { echo "$OUT" | awk '$1 == "FAIL" { print $2 }' | sort | tr '\n' ' '; }

expect_pass() { # NAME FILE [PROVIDER]
  cases=$((cases + 1)); run "$2" "${3:-boringssl}"
  [ "$RC" -eq 0 ] || bad "$1: want exit 0, got $RC"
}
expect_fail_rows() { # NAME FILE "ROW ROW ..." [PROVIDER]
  cases=$((cases + 1)); run "$2" "${4:-boringssl}"
  local want; want=$(printf '%s\n' $3 | sort | tr '\n' ' ')
  if [ "$RC" -ne 1 ]; then bad "$1: want exit 1, got $RC"
  elif [ "$(failed_rows)" != "$want" ]; then bad "$1: want FAIL rows [$want], got [$(failed_rows)]"
  fi
}
# mutate NAME ROWS JQ_FILTER: apply the filter to every record of the boringssl fixture.
mutate() {
  jq -c "$3" "$PASS_FIXTURE" >"$TMP/m.ndjson"
  expect_fail_rows "$1" "$TMP/m.ndjson" "$2"
}
# mutate_jdk NAME ROWS JQ_FILTER: the same on the jdk fixture, checked with --provider jdk.
mutate_jdk() {
  jq -c "$3" "$JDK_FIXTURE" >"$TMP/m.ndjson"
  expect_fail_rows "jdk $1" "$TMP/m.ndjson" "$2" jdk
}
# at IP PORT FILTER -> a jq filter that changes only that endpoint's record
at() { echo "if .ip == \"$1\" and .port == $2 then $3 else . end"; }
# line_of IP PORT -> the fixture's line number of that endpoint (the fixture is in probe order)
line_of() { jq -r --arg ip "$1" --argjson port "$2" 'select(.ip == $ip and .port == $port) | input_line_number' "$PASS_FIXTURE"; }

# --- 1. the passing fixtures, and presentations of them that must not matter -------------------
expect_pass "pass fixture" "$PASS_FIXTURE"
expect_pass "jdk pass fixture" "$JDK_FIXTURE" jdk
shuf --random-source=<(yes) "$PASS_FIXTURE" >"$TMP/shuffled.ndjson"
expect_pass "pass fixture, shuffled" "$TMP/shuffled.ndjson"
shuf --random-source=<(yes) "$JDK_FIXTURE" >"$TMP/shuffled-jdk.ndjson"
expect_pass "jdk pass fixture, shuffled" "$TMP/shuffled-jdk.ndjson" jdk
head -c -1 "$PASS_FIXTURE" >"$TMP/nonl.ndjson"   # no newline after the last line
expect_pass "pass fixture, no final newline" "$TMP/nonl.ndjson"
# The provider switch: only the anonymous-only server answers differently.
expect_fail_rows "boringssl sweep judged as jdk" "$PASS_FIXTURE" "$ANON" jdk
expect_fail_rows "jdk sweep judged as boringssl" "$JDK_FIXTURE" "$ANON" boringssl

# --- 2. the checked-in failing fixture ---------------------------------------------------------
expect_fail_rows "fail fixture" "$FAIL_FIXTURE" \
  "(file) (file) 127.0.0.10:443 127.0.0.10:8443 127.0.0.13:443 127.0.0.14:443 127.0.0.15:443 $ANON $OTHERS"

# --- 3. one mutation per expectation -----------------------------------------------------------
# Leniency that is gone: the nested certs.{leaf,verdict} layout is no longer read, so every row
# that has a certificate fails.
jq -c 'if .cert != null then .certs = {leaf: .cert, chain: .chain, verdict: .verdict, findings: .findings}
       | del(.cert, .verdict) else . end' "$PASS_FIXTURE" >"$TMP/nested.ndjson"
expect_fail_rows "nested certs layout" "$TMP/nested.ndjson" \
  "127.0.0.10:443 127.0.0.10:8443 127.0.0.11:443 127.0.0.11:8443 127.0.0.12:443 127.0.0.13:443 127.0.0.13:8443 127.0.0.14:443 127.0.0.15:443"

G=127.0.0.10:443
mutate "good: status"          "$G"  "$(at 127.0.0.10 443 '.status = "handshake_failed"')"
mutate "good: error set"       "$G"  "$(at 127.0.0.10 443 '.error = "oops"')"
mutate "good: phase set"       "$G"  "$(at 127.0.0.10 443 '.phase = "handshake"')"
mutate "good: wrong cert"      "$G"  "$(at 127.0.0.10 443 '.cert.subject_cn = "bench.interop.test"')"
mutate "good: no cert"         "$G"  "$(at 127.0.0.10 443 '.cert = null')"
mutate "good: no chain"        "$G"  "$(at 127.0.0.10 443 '.chain = null')"
mutate "good: chain empty"     "$G"  "$(at 127.0.0.10 443 '.chain = []')"
mutate "good: no verdict"      "$G"  "$(at 127.0.0.10 443 '.verdict = null')"
mutate "good: hostname"        "$G"  "$(at 127.0.0.10 443 '.verdict.hostname_match = false')"
mutate "good: untrusted"       "$G"  "$(at 127.0.0.10 443 '.verdict.trusted = false')"
mutate "good: incomplete"      "$G"  "$(at 127.0.0.10 443 '.verdict.chain_complete = false')"
mutate "good: unordered"       "$G"  "$(at 127.0.0.10 443 '.verdict.chain_ordered = false')"
mutate "good: expired"         "$G"  "$(at 127.0.0.10 443 '.verdict.expired = true')"
mutate "good: not yet valid"   "$G"  "$(at 127.0.0.10 443 '.verdict.not_yet_valid = true')"
mutate "good: self_signed"     "$G"  "$(at 127.0.0.10 443 '.verdict.self_signed = true')"
mutate "good: verdict field gone" "$G" "$(at 127.0.0.10 443 'del(.verdict.chain_ordered)')"
mutate "good: name_checked"    "$G"  "$(at 127.0.0.10 443 '.verdict.name_checked = "good.interop.test"')"
mutate "good: a finding"       "$G"  "$(at 127.0.0.10 443 '.findings = [{code: "weak_cipher", detail: "x"}]')"
mutate "good: finding w/o code" "$G" "$(at 127.0.0.10 443 '.findings = [{detail: "x"}]')"
mutate "good: findings null"   "$G"  "$(at 127.0.0.10 443 '.findings = null')"
mutate "good: TLSv1.2"         "$G"  "$(at 127.0.0.10 443 '.tls.version = "TLSv1.2"')"
mutate "good: no tls"          "$G"  "$(at 127.0.0.10 443 '.tls = null')"
E=127.0.0.10:8443
mutate "expired: verdict"      "$E"  "$(at 127.0.0.10 8443 '.verdict.expired = false')"
mutate "expired: finding gone" "$E"  "$(at 127.0.0.10 8443 '.findings |= map(select(.code != "expired"))')"
mutate "expired: also untrusted" "$E" "$(at 127.0.0.10 8443 '.verdict.trusted = false | .findings += [{code: "untrusted", detail: "x"}]')"
mutate "expired: untrusted finding only" "$E" "$(at 127.0.0.10 8443 '.findings += [{code: "untrusted", detail: "x"}]')"
mutate "expired: finding twice" "$E" "$(at 127.0.0.10 8443 '.findings += .findings')"
mutate "expired: status"       "$E"  "$(at 127.0.0.10 8443 '.status = "timeout"')"
mutate "wrongname: verdict"    127.0.0.11:443  "$(at 127.0.0.11 443 '.verdict.hostname_match = true')"
mutate "wrongname: finding"    127.0.0.11:443  "$(at 127.0.0.11 443 '.findings = []')"
mutate "wrongname: extra finding" 127.0.0.11:443 "$(at 127.0.0.11 443 '.findings += [{code: "untrusted", detail: "x"}]')"
mutate "selfsigned: verdict"   127.0.0.11:8443 "$(at 127.0.0.11 8443 '.verdict.self_signed = false')"
mutate "selfsigned: trusted"   127.0.0.11:8443 "$(at 127.0.0.11 8443 '.verdict.trusted = true')"
mutate "selfsigned: untrusted finding" 127.0.0.11:8443 "$(at 127.0.0.11 8443 '.findings |= map(select(.code != "untrusted"))')"
mutate "selfsigned: extra finding" 127.0.0.11:8443 "$(at 127.0.0.11 8443 '.findings += [{code: "incomplete_chain", detail: "x"}]')"
mutate "nointermediate: complete" 127.0.0.12:443 "$(at 127.0.0.12 443 '.verdict.chain_complete = true')"
mutate "nointermediate: finding"  127.0.0.12:443 "$(at 127.0.0.12 443 '.findings |= map(select(.code != "incomplete_chain"))')"
mutate "nointermediate: intermediate served" 127.0.0.12:443 "$(at 127.0.0.12 443 '.chain = [{subject_cn: "tlsweep interop intermediate CA"}]')"
mutate "not_tls: status"       127.0.0.12:8443 "$(at 127.0.0.12 8443 '.status = "handshake_failed"')"
mutate "not_tls: first_bytes"  127.0.0.12:8443 "$(at 127.0.0.12 8443 '.first_bytes = "SSH-2.0-OpenSSH"')"
mutate "not_tls: no first_bytes" 127.0.0.12:8443 "$(at 127.0.0.12 8443 '.first_bytes = null')"
mutate "not_tls: a finding"    127.0.0.12:8443 "$(at 127.0.0.12 8443 '.findings = [{code: "weak_cipher", detail: "x"}]')"
C=127.0.0.13:443
mutate "clientauth: success"   "$C"  "$(at 127.0.0.13 443 '.status = "success" | .error = null')"
mutate "clientauth: reset"     "$C"  "$(at 127.0.0.13 443 '.status = "reset" | .error = "connection reset"')"
mutate "clientauth: closed"    "$C"  "$(at 127.0.0.13 443 '.status = "closed" | .error = "closed"')"
mutate "clientauth: other alert" "$C" "$(at 127.0.0.13 443 '.error = "alert:handshake_failure"')"
mutate "clientauth: phase"     "$C"  "$(at 127.0.0.13 443 '.phase = "connect"')"
mutate "clientauth: not requested" "$C" "$(at 127.0.0.13 443 '.tls.client_cert_requested = false')"
mutate "clientauth: no tls"    "$C"  "$(at 127.0.0.13 443 '.tls = null')"
mutate "clientauth: TLSv1.2"   "$C"  "$(at 127.0.0.13 443 '.tls.version = "TLSv1.2"')"
mutate "clientauth: no cert"   "$C"  "$(at 127.0.0.13 443 '.cert = null | .chain = null | .verdict = null')"
mutate "clientauth: timeout"   "$C"  "$(at 127.0.0.13 443 '.status = "timeout"')"
mutate "legacy: TLSv1.2"       127.0.0.13:8443 "$(at 127.0.0.13 8443 '.tls.version = "TLSv1.2"')"
mutate "legacy: finding"       127.0.0.13:8443 "$(at 127.0.0.13 8443 '.findings |= map(select(.code != "deprecated_protocol"))')"
mutate "legacy: extra finding" 127.0.0.13:8443 "$(at 127.0.0.13 8443 '.findings += [{code: "weak_cipher", detail: "x"}]')"
mutate "weak: weak_key"        127.0.0.14:443  "$(at 127.0.0.14 443 '.findings |= map(select(.code != "weak_key"))')"
mutate "weak: weak_signature"  127.0.0.14:443  "$(at 127.0.0.14 443 '.findings |= map(select(.code != "weak_signature"))')"
mutate "weak: also untrusted"  127.0.0.14:443  "$(at 127.0.0.14 443 '.verdict.trusted = false | .findings += [{code: "untrusted", detail: "x"}]')"
mutate "weak: wrong cert"      127.0.0.14:443  "$(at 127.0.0.14 443 '.cert.subject_cn = "good.interop.test"')"
mutate "weak: EC intermediate" 127.0.0.14:443  "$(at 127.0.0.14 443 '.chain[0].subject_cn = "tlsweep interop intermediate CA"')"
M=127.0.0.15:443
mutate "misordered: ordered"   "$M"  "$(at 127.0.0.15 443 '.verdict.chain_ordered = true')"
mutate "misordered: finding"   "$M"  "$(at 127.0.0.15 443 '.findings = []')"
mutate "misordered: incomplete" "$M" "$(at 127.0.0.15 443 '.verdict.chain_complete = false | .findings += [{code: "incomplete_chain", detail: "x"}]')"
mutate "misordered: untrusted" "$M"  "$(at 127.0.0.15 443 '.verdict.trusted = false')"
mutate "misordered: chain reversed" "$M" "$(at 127.0.0.15 443 '.chain |= reverse')"
mutate "misordered: extra dropped" "$M" "$(at 127.0.0.15 443 '.chain |= .[1:]')"
mutate "misordered: wrong cert" "$M" "$(at 127.0.0.15 443 '.cert.subject_cn = "selfsigned.interop.test"')"
mutate "anon: success"         "$ANON" "$(at 127.0.0.15 8443 '.status = "success" | .error = null | .phase = null')"
mutate "anon: other alert"     "$ANON" "$(at 127.0.0.15 8443 '.error = "alert:protocol_version"')"
mutate "anon: handshake_failed" "$ANON" "$(at 127.0.0.15 8443 '.status = "handshake_failed"')"
mutate "anon: a cert"          "$ANON" "$(at 127.0.0.15 8443 '.cert = {subject_cn: "x"}')"
mutate "anon: a finding"       "$ANON" "$(at 127.0.0.15 8443 '.findings = [{code: "weak_cipher", detail: "x"}]')"
mutate_jdk "anon: alert"       "$ANON" "$(at 127.0.0.15 8443 '.status = "alert" | .error = "alert:handshake_failure"')"
mutate_jdk "anon: cipher"      "$ANON" "$(at 127.0.0.15 8443 '.tls.cipher = "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"')"
mutate_jdk "anon: TLSv1.3"     "$ANON" "$(at 127.0.0.15 8443 '.tls.version = "TLSv1.3"')"
mutate_jdk "anon: no finding"  "$ANON" "$(at 127.0.0.15 8443 '.findings = []')"
mutate_jdk "anon: extra finding" "$ANON" "$(at 127.0.0.15 8443 '.findings += [{code: "untrusted", detail: "x"}]')"
mutate_jdk "anon: a cert"      "$ANON" "$(at 127.0.0.15 8443 '.cert = {subject_cn: "x"}')"
mutate_jdk "anon: a verdict"   "$ANON" "$(at 127.0.0.15 8443 '.verdict = {trusted: false}')"
mutate_jdk "misordered: ordered" "$M" "$(at 127.0.0.15 443 '.verdict.chain_ordered = true | .findings = []')"
mutate_jdk "clientauth: closed" "$C" "$(at 127.0.0.13 443 '.status = "closed" | .error = "closed"')"
mutate "others: timeout"       "$OTHERS" "$(at 127.0.0.77 8443 '.status = "timeout"')"
mutate "others: success"       "$OTHERS" "$(at 127.0.0.1 443 '.status = "success"')"
mutate "others: other error"   "$OTHERS" "$(at 127.0.0.1 443 '.error = "connection reset"')"
mutate "others: phase"         "$OTHERS" "$(at 127.0.0.1 443 '.phase = "handshake"')"
mutate "others: a finding"     "$OTHERS" "$(at 127.0.0.1 443 '.findings = [{code: "untrusted", detail: "x"}]')"
mutate "bad status word"       "(file) $OTHERS" "$(at 127.0.0.1 443 '.status = "refused_"')"
mutate "port as string"        "(file) (file) $OTHERS" "$(at 127.0.0.1 443 '.port = "443"')"
mutate "endpoint outside the sweep" "(file) (file) $OTHERS" "$(at 127.0.0.1 443 '.port = 444')"
mutate "ip as number"          "(file) (file) $OTHERS" "$(at 127.0.0.1 443 '.ip = 2130706433')"

# Line-level damage, on the line of a refused endpoint (the fixture is in probe order, so the
# line is looked up rather than assumed).
n=$(line_of 127.0.0.200 8443)
sed "${n}d" "$PASS_FIXTURE" >"$TMP/short.ndjson"                       # 511 lines, one record lost
expect_fail_rows "511 lines" "$TMP/short.ndjson" "(file) (file) $OTHERS"
{ cat "$PASS_FIXTURE"; sed -n "${n}p" "$PASS_FIXTURE"; } >"$TMP/dup.ndjson" # 513 lines, one endpoint twice
expect_fail_rows "duplicate line" "$TMP/dup.ndjson" "(file) (file) $OTHERS"
sed "${n}s/.*//" "$PASS_FIXTURE" >"$TMP/blank.ndjson"                 # a blank line replaces a record
expect_fail_rows "blank line" "$TMP/blank.ndjson" "(file) (file) $OTHERS"
sed "${n}s/.*/[1,2]/" "$PASS_FIXTURE" >"$TMP/array.ndjson"            # JSON, but not an object
expect_fail_rows "array line" "$TMP/array.ndjson" "(file) (file) $OTHERS"
sed "${n}s/}\$/} {}/" "$PASS_FIXTURE" >"$TMP/two.ndjson"              # two values on one line
expect_fail_rows "two objects on a line" "$TMP/two.ndjson" "(file) (file) $OTHERS"
: >"$TMP/empty.ndjson"
cases=$((cases + 1)); run "$TMP/empty.ndjson"; [ "$RC" -eq 1 ] || bad "empty file: want exit 1, got $RC"
cases=$((cases + 1)); run "$TMP/does-not-exist"; [ "$RC" -eq 2 ] || bad "missing file: want exit 2, got $RC"
cases=$((cases + 1)); run "$PASS_FIXTURE" openssl; [ "$RC" -eq 2 ] || bad "unknown provider: want exit 2, got $RC"

# --- 4. randomized input ----------------------------------------------------------------------
SEED=${SEED:-$(date +%s)}
RANDOM=$SEED
echo "selftest: randomized part uses SEED=$SEED"
for i in $(seq 1 25); do
  if [ $((RANDOM % 2)) -eq 0 ]; then fixture=$PASS_FIXTURE provider=boringssl
  else fixture=$JDK_FIXTURE provider=jdk; fi
  lines=$(wc -l <"$fixture")
  n=$((RANDOM % lines + 1))
  case $((i % 3)) in
    0) # a random line of random bytes (may hold NUL, invalid UTF-8, quotes, braces)
       head -c $((RANDOM % 200 + 1)) /dev/urandom | tr '\n' ' ' >"$TMP/garbage"
       awk -v n="$n" -v g="$TMP/garbage" 'NR == n { getline line < g; print line; next } { print }' \
         "$fixture" >"$TMP/r.ndjson"
       what="line $n -> random bytes" ;;
    1) # delete a random top-level field of a random line
       key=$(sed -n "${n}p" "$fixture" | jq -r 'keys_unsorted[]' | shuf -n 1 --random-source=<(yes "$RANDOM"))
       jq -c --argjson n "$n" --arg k "$key" 'if input_line_number == $n then del(.[$k]) else . end' \
         "$fixture" >"$TMP/r.ndjson"
       what="line $n: del .$key" ;;
    2) # swap the status of a random line for a random status word (maybe its own)
       word=$(printf '%s\n' success refused timeout reset unreachable not_tls alert closed handshake_failed \
              | shuf -n 1 --random-source=<(yes "$RANDOM"))
       jq -c --argjson n "$n" --arg w "$word" 'if input_line_number == $n then .status = $w else . end' \
         "$fixture" >"$TMP/r.ndjson"
       what="line $n: status=$word" ;;
  esac
  what="$provider fixture, $what"
  cases=$((cases + 1)); run "$TMP/r.ndjson" "$provider"
  if [ "$RC" -ne 0 ] && [ "$RC" -ne 1 ]; then bad "random ($what): checker crashed with exit $RC"; continue; fi
  # Was the input actually made wrong? The checker reads every field of every record except the
  # bookkeeping ones below, so only an unchanged file, the deletion of a field whose value was
  # null, or of a bookkeeping field, leaves a valid sweep.
  still_valid=false
  if cmp -s "$TMP/r.ndjson" "$fixture"; then still_valid=true
  elif [ $((i % 3)) -eq 1 ]; then
    still_valid=$(sed -n "${n}p" "$fixture" | jq --arg k "$key" '
      .[$k] == null
      or (["schema_version","timestamp","transport","host","sni","attempts","timings"] | index([$k]) != null)')
  fi
  if [ "$still_valid" = true ]; then
    [ "$RC" -eq 0 ] || bad "random ($what): the sweep is still valid, want exit 0, got $RC"
  else
    [ "$RC" -eq 1 ] || bad "random ($what): want exit 1, got $RC"
  fi
done

echo "selftest: $cases cases, $failures failed"
[ "$failures" -eq 0 ]
