#!/usr/bin/env bash
# Proves check-sweep.sh catches what it claims to: needs only bash, jq and coreutils (no lab).
#
#   scripts/interop/selftest.sh            (exit 0 when every case behaves; SEED=N to vary the
#                                            randomized part, which prints its seed)
#
# 1. testdata/sweep-pass.ndjson passes, also shuffled and in the nested certs.{leaf,verdict} layout.
# 2. testdata/sweep-fail.ndjson fails, on exactly the rows its mutations touch.
# 3. One targeted mutation per expectation: each must turn exactly its row to FAIL.
# 4. Randomized input: random garbage lines, random field deletions and random status swaps must
#    give exit 0 or 1 (never a jq crash), and 1 whenever the input was made wrong.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
CHECK=$HERE/check-sweep.sh
PASS_FIXTURE=$HERE/testdata/sweep-pass.ndjson
FAIL_FIXTURE=$HERE/testdata/sweep-fail.ndjson
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
failures=0 cases=0

# run FILE -> sets RC and OUT
run() { set +e; OUT=$("$CHECK" "$1" 2>&1); RC=$?; set -e; }
bad() { echo "SELFTEST FAIL: $*"; echo "$OUT" | sed 's/^/    | /'; failures=$((failures + 1)); }
# row_result ENDPOINT -> PASS|FAIL of that table row
row_result() { echo "$OUT" | awk -v e="$1" '$2 == e { print $1; exit }'; }
failed_rows() { echo "$OUT" | awk '$1 == "FAIL" { print $2 }' | sort | tr '\n' ' '; }

expect_pass() { # NAME FILE
  cases=$((cases + 1)); run "$2"
  [ "$RC" -eq 0 ] || bad "$1: want exit 0, got $RC"
}
expect_fail_rows() { # NAME FILE "ROW ROW ..." (sorted, as failed_rows prints them)
  cases=$((cases + 1)); run "$2"
  local want; want=$(printf '%s\n' $3 | sort | tr '\n' ' ')
  if [ "$RC" -ne 1 ]; then bad "$1: want exit 1, got $RC"
  elif [ "$(failed_rows)" != "$want" ]; then bad "$1: want FAIL rows [$want], got [$(failed_rows)]"
  fi
}
# mutate NAME ROWS JQ_FILTER: apply the filter to every record of the pass fixture.
mutate() {
  local f=$TMP/m.ndjson
  jq -c "$3" "$PASS_FIXTURE" >"$f"
  expect_fail_rows "$1" "$f" "$2"
}
# at IP PORT FILTER -> a jq filter that changes only that endpoint's record
at() { echo "if .ip == \"$1\" and .port == $2 then $3 else . end"; }

# --- 1. the passing fixture, and presentations of it that must not matter ----------------------
expect_pass "pass fixture" "$PASS_FIXTURE"
shuf --random-source=<(yes) "$PASS_FIXTURE" >"$TMP/shuffled.ndjson"
expect_pass "pass fixture, shuffled" "$TMP/shuffled.ndjson"
jq -c 'if .cert != null then .certs = {leaf: .cert, chain: [], verdict: .verdict, findings: .findings}
       else .certs = null end | del(.cert, .verdict)' "$PASS_FIXTURE" >"$TMP/nested.ndjson"
expect_pass "pass fixture, nested certs layout" "$TMP/nested.ndjson"
sed '$ s/$//' "$PASS_FIXTURE" | head -c -1 >"$TMP/nonl.ndjson"   # no newline after the last line
expect_pass "pass fixture, no final newline" "$TMP/nonl.ndjson"
# Accepted alternatives for the client-auth row.
for alt in '.status = "reset" | .error = "connection reset"' '.status = "closed" | .error = "closed"' \
           '.status = "alert" | .tls = {version: "TLSv1.3", cipher: "x", alpn: null, client_cert_requested: true}'; do
  jq -c "$(at 127.0.0.13 443 "$alt")" "$PASS_FIXTURE" >"$TMP/alt.ndjson"
  expect_pass "clientauth alternative: $alt" "$TMP/alt.ndjson"
done

# --- 2. the checked-in failing fixture ---------------------------------------------------------
expect_fail_rows "fail fixture" "$FAIL_FIXTURE" \
  "(file) (file) 127.0.0.10:443 127.0.0.13:443 127.0.0.14:443 503"

# --- 3. one mutation per expectation -----------------------------------------------------------
G=127.0.0.10:443
mutate "good: status"          "$G"  "$(at 127.0.0.10 443 '.status = "handshake_failed"')"
mutate "good: error set"       "$G"  "$(at 127.0.0.10 443 '.error = "oops"')"
mutate "good: wrong cert"      "$G"  "$(at 127.0.0.10 443 '.cert.subject_cn = "bench.interop.test"')"
mutate "good: no cert"         "$G"  "$(at 127.0.0.10 443 '.cert = null')"
mutate "good: no verdict"      "$G"  "$(at 127.0.0.10 443 '.verdict = null')"
mutate "good: hostname"        "$G"  "$(at 127.0.0.10 443 '.verdict.hostname_match = false')"
mutate "good: untrusted"       "$G"  "$(at 127.0.0.10 443 '.verdict.trusted = false')"
mutate "good: incomplete"      "$G"  "$(at 127.0.0.10 443 '.verdict.chain_complete = false')"
mutate "good: expired"         "$G"  "$(at 127.0.0.10 443 '.verdict.expired = true')"
mutate "good: self_signed"     "$G"  "$(at 127.0.0.10 443 '.verdict.self_signed = true')"
mutate "good: a finding"       "$G"  "$(at 127.0.0.10 443 '.findings = [{code: "weak_cipher", detail: "x"}]')"
mutate "good: findings null"   "$G"  "$(at 127.0.0.10 443 '.findings = null')"
mutate "good: TLSv1.1"         "$G"  "$(at 127.0.0.10 443 '.tls.version = "TLSv1.1"')"
mutate "good: no tls"          "$G"  "$(at 127.0.0.10 443 '.tls = null')"
mutate "expired: verdict"      127.0.0.10:8443 "$(at 127.0.0.10 8443 '.verdict.expired = false')"
mutate "expired: finding"      127.0.0.10:8443 "$(at 127.0.0.10 8443 '.findings |= map(select(.code != "expired"))')"
mutate "expired: status"       127.0.0.10:8443 "$(at 127.0.0.10 8443 '.status = "timeout"')"
mutate "wrongname: verdict"    127.0.0.11:443  "$(at 127.0.0.11 443 '.verdict.hostname_match = true')"
mutate "wrongname: finding"    127.0.0.11:443  "$(at 127.0.0.11 443 '.findings = []')"
mutate "selfsigned: verdict"   127.0.0.11:8443 "$(at 127.0.0.11 8443 '.verdict.self_signed = false')"
mutate "selfsigned: trusted"   127.0.0.11:8443 "$(at 127.0.0.11 8443 '.verdict.trusted = true')"
mutate "selfsigned: untrusted finding" 127.0.0.11:8443 "$(at 127.0.0.11 8443 '.findings |= map(select(.code != "untrusted"))')"
mutate "nointermediate: complete" 127.0.0.12:443 "$(at 127.0.0.12 443 '.verdict.chain_complete = true')"
mutate "nointermediate: finding"  127.0.0.12:443 "$(at 127.0.0.12 443 '.findings |= map(select(.code != "incomplete_chain"))')"
mutate "not_tls: status"       127.0.0.12:8443 "$(at 127.0.0.12 8443 '.status = "handshake_failed"')"
mutate "clientauth: success"   127.0.0.13:443  "$(at 127.0.0.13 443 '.status = "success" | .error = null')"
mutate "clientauth: other alert" 127.0.0.13:443 "$(at 127.0.0.13 443 '.error = "alert:handshake_failure"')"
mutate "clientauth: not requested" 127.0.0.13:443 "$(at 127.0.0.13 443 '.tls = {version: "TLSv1.3", cipher: "x", alpn: null, client_cert_requested: false}')"
mutate "clientauth: timeout"   127.0.0.13:443  "$(at 127.0.0.13 443 '.status = "timeout"')"
mutate "legacy: TLSv1.2"       127.0.0.13:8443 "$(at 127.0.0.13 8443 '.tls.version = "TLSv1.2"')"
mutate "legacy: finding"       127.0.0.13:8443 "$(at 127.0.0.13 8443 '.findings |= map(select(.code != "deprecated_protocol"))')"
mutate "weak: weak_key"        127.0.0.14:443  "$(at 127.0.0.14 443 '.findings |= map(select(.code != "weak_key"))')"
mutate "weak: wrong cert"      127.0.0.14:443  "$(at 127.0.0.14 443 '.cert.subject_cn = "good.interop.test"')"
mutate "others: timeout"       503             "$(at 127.0.0.77 8443 '.status = "timeout"')"
mutate "others: success"       503             "$(at 127.0.0.1 443 '.status = "success"')"
mutate "bad status word"       "(file) 503"     "$(at 127.0.0.1 443 '.status = "refused_"')"
mutate "port as string"        "(file) (file) 503" "$(at 127.0.0.1 443 '.port = "443"')"
mutate "endpoint outside the sweep" "(file) (file) 503" "$(at 127.0.0.1 443 '.port = 444')"
mutate "ip as number"          "(file) (file) 503" "$(at 127.0.0.1 443 '.ip = 2130706433')"

head -n 511 "$PASS_FIXTURE" >"$TMP/short.ndjson"                       # last line (127.0.0.255:8443) lost
expect_fail_rows "511 lines" "$TMP/short.ndjson" "(file) (file) 503"
{ cat "$PASS_FIXTURE"; sed -n 1p "$PASS_FIXTURE"; } >"$TMP/dup.ndjson" # 513 lines, one endpoint twice
expect_fail_rows "duplicate line" "$TMP/dup.ndjson" "(file) (file) 503"
sed '5s/.*//' "$PASS_FIXTURE" >"$TMP/blank.ndjson"                    # a blank line replaces a record
expect_fail_rows "blank line" "$TMP/blank.ndjson" "(file) (file) 503"
sed '5s/.*/[1,2]/' "$PASS_FIXTURE" >"$TMP/array.ndjson"               # JSON, but not an object
expect_fail_rows "array line" "$TMP/array.ndjson" "(file) (file) 503"
sed '5s/}$/} {}/' "$PASS_FIXTURE" >"$TMP/two.ndjson"                  # two values on one line
expect_fail_rows "two objects on a line" "$TMP/two.ndjson" "(file) (file) 503"
: >"$TMP/empty.ndjson"
cases=$((cases + 1)); run "$TMP/empty.ndjson"; [ "$RC" -eq 1 ] || bad "empty file: want exit 1, got $RC"
cases=$((cases + 1)); run "$TMP/does-not-exist"; [ "$RC" -eq 2 ] || bad "missing file: want exit 2, got $RC"

# --- 4. randomized input ----------------------------------------------------------------------
SEED=${SEED:-$(date +%s)}
RANDOM=$SEED
echo "selftest: randomized part uses SEED=$SEED"
lines=$(wc -l <"$PASS_FIXTURE")
for i in $(seq 1 25); do
  n=$((RANDOM % lines + 1))
  case $((i % 3)) in
    0) # a random line of random bytes (may hold NUL, invalid UTF-8, quotes, braces)
       head -c $((RANDOM % 200 + 1)) /dev/urandom | tr '\n' ' ' >"$TMP/garbage"
       awk -v n="$n" -v g="$TMP/garbage" 'NR == n { getline line < g; print line; next } { print }' \
         "$PASS_FIXTURE" >"$TMP/r.ndjson"
       what="line $n -> random bytes" ;;
    1) # delete a random top-level field of a random line
       key=$(sed -n "${n}p" "$PASS_FIXTURE" | jq -r 'keys_unsorted[]' | shuf -n 1 --random-source=<(yes "$RANDOM"))
       jq -c --argjson n "$n" --arg k "$key" 'if input_line_number == $n then del(.[$k]) else . end' \
         "$PASS_FIXTURE" >"$TMP/r.ndjson"
       what="line $n: del .$key" ;;
    2) # swap the status of a random line for a random (other) status word
       word=$(printf '%s\n' success refused timeout reset unreachable not_tls alert closed handshake_failed \
              | shuf -n 1 --random-source=<(yes "$RANDOM"))
       jq -c --argjson n "$n" --arg w "$word" 'if input_line_number == $n then .status = $w else . end' \
         "$PASS_FIXTURE" >"$TMP/r.ndjson"
       what="line $n: status=$word" ;;
  esac
  cases=$((cases + 1)); run "$TMP/r.ndjson"
  if [ "$RC" -ne 0 ] && [ "$RC" -ne 1 ]; then bad "random ($what): checker crashed with exit $RC"; continue; fi
  # Was the input actually made wrong? Some random edits leave a valid sweep (deleting a field
  # whose value was null, or one the checker does not read for that row; an alert row turned into
  # reset/closed). For those either exit is fine as long as the checker did not crash.
  still_valid=false
  if cmp -s "$TMP/r.ndjson" "$PASS_FIXTURE"; then still_valid=true
  elif [ $((i % 3)) -eq 1 ]; then
    still_valid=$(sed -n "${n}p" "$PASS_FIXTURE" | jq --arg k "$key" '
      .[$k] == null
      or (["timestamp","transport","host","sni","attempts","timings","first_bytes","phase"] | index([$k]) != null)
      or ((.status == "refused" or .status == "not_tls") and (["ip","port","status"] | index([$k]) == null))
      or (.status == "alert" and (["ip","port","status","error"] | index([$k]) == null))')
  elif [ $((i % 3)) -eq 2 ]; then
    still_valid=$(sed -n "${n}p" "$PASS_FIXTURE" | jq --arg w "$word" '.status == "alert" and ($w == "reset" or $w == "closed")')
  fi
  if [ "$still_valid" = true ]; then
    continue   # still a valid sweep: either exit is acceptable as long as it did not crash
  fi
  [ "$RC" -eq 1 ] || bad "random ($what): want exit 1, got $RC"
done

echo "selftest: $cases cases, $failures failed"
[ "$failures" -eq 0 ]
