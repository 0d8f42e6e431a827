# Expectations for `tlsweep scan 127.0.0.0/24 -p 443,8443 --ca-file STATEDIR/pki/root.pem` against
# the lab of start.sh. Input: the array of parsed NDJSON records (check-sweep.sh slurps them;
# lines that were not JSON objects arrive as {"__invalid": LINE_NUMBER, "__text": PREFIX}).
# Output: one TSV line per check: PASS|FAIL, endpoint, what is expected, what failed.
#
# The certificate and verdict are read from `cert`/`verdict` (the documented NDJSON layout) or,
# failing that, from `certs.leaf`/`certs.verdict` (the nesting of the ScanRecord/ChainReport
# records), so either serialisation of the same data is judged the same way.

def leaf: .cert // .certs.leaf;
def verdict: .verdict // .certs.verdict;
def codes: [(.findings // [])[]? | .code?];

# Each check emits nothing when it holds, else one message.
def status_is($s):
  if .status == $s then empty
  else "status \(.status|tojson), want \($s|tojson)" + (if .error != null then " (error \(.error|tojson))" else "" end)
  end;
def error_null: if .error == null then empty else "error \(.error|tojson), want null" end;
def verdict_is($field; $want):
  (verdict) as $v
  | if ($v|type) != "object" then "verdict missing"
    elif $v[$field] == $want then empty
    else "verdict.\($field) = \($v[$field]|tojson), want \($want)" end;
def findings_include($want):
  if (.findings|type) != "array" then "findings \(.findings|tojson), want an array"
  else ($want - codes) as $missing
  | if $missing == [] then empty else "findings lack \($missing|join(",")) (have \(codes|tojson))" end
  end;
def findings_empty:
  if .findings == [] then empty else "findings \(codes|tojson), want []" end;
# The served leaf is the lab's leaf for this endpoint (catches certificates mixed up between probes).
def leaf_cn($cn):
  (leaf) as $l
  | if ($l|type) != "object" then "cert missing"
    elif $l.subject_cn == $cn then empty
    else "cert.subject_cn \($l.subject_cn|tojson), want \($cn|tojson)" end;
def tls_version_in($versions):
  if (.tls|type) != "object" then "tls missing"
  elif (.tls.version as $v | $versions | any(. == $v)) then empty
  else "tls.version \(.tls.version|tojson), want one of \($versions|join(","))" end;
def handshake_ok($cn): status_is("success"), error_null, leaf_cn($cn);

# [endpoint, what is expected (for the table), checks]
def rows: [
  ["127.0.0.10:443",  "good: success, name ok, trusted, complete, findings []"],
  ["127.0.0.10:8443", "expired: success, expired"],
  ["127.0.0.11:443",  "wrongname: success, name_mismatch"],
  ["127.0.0.11:8443", "selfsigned: success, self_signed, untrusted"],
  ["127.0.0.12:443",  "nointermediate: success, incomplete_chain, untrusted"],
  ["127.0.0.12:8443", "plain HTTP: not_tls"],
  ["127.0.0.13:443",  "clientauth: alert:certificate_required|reset|closed"],
  ["127.0.0.13:8443", "legacy: success TLSv1, deprecated_protocol"],
  ["127.0.0.14:443",  "weak: success, weak_key, weak_signature"]
];

def checks($endpoint):
  if $endpoint == "127.0.0.10:443" then
    handshake_ok("good.interop.test"), tls_version_in(["TLSv1.2","TLSv1.3"]),
    verdict_is("hostname_match"; true), verdict_is("trusted"; true), verdict_is("chain_complete"; true),
    verdict_is("expired"; false), verdict_is("self_signed"; false), findings_empty
  elif $endpoint == "127.0.0.10:8443" then
    handshake_ok("expired.interop.test"), verdict_is("expired"; true), findings_include(["expired"])
  elif $endpoint == "127.0.0.11:443" then
    handshake_ok("wrong.interop.test"), verdict_is("hostname_match"; false), findings_include(["name_mismatch"])
  elif $endpoint == "127.0.0.11:8443" then
    handshake_ok("selfsigned.interop.test"), verdict_is("self_signed"; true), verdict_is("trusted"; false),
    findings_include(["self_signed","untrusted"])
  elif $endpoint == "127.0.0.12:443" then
    handshake_ok("nointermediate.interop.test"), verdict_is("chain_complete"; false), verdict_is("trusted"; false),
    findings_include(["incomplete_chain","untrusted"])
  elif $endpoint == "127.0.0.12:8443" then
    status_is("not_tls")
  elif $endpoint == "127.0.0.13:443" then
    # TLS 1.3: the server's certificate_required alert follows the client's Finished, so a client
    # may see the alert, or only the connection going away.
    (if .status == "alert" then
       (if .error == "alert:certificate_required" then empty
        else "error \(.error|tojson), want \"alert:certificate_required\"" end)
     elif .status == "reset" or .status == "closed" then empty
     else "status \(.status|tojson), want alert (alert:certificate_required), reset or closed" end),
    (if .tls == null or .tls.client_cert_requested == true then empty
     else "tls.client_cert_requested \(.tls.client_cert_requested|tojson), want true" end)
  elif $endpoint == "127.0.0.13:8443" then
    handshake_ok("legacy.interop.test"), tls_version_in(["TLSv1"]), findings_include(["deprecated_protocol"])
  elif $endpoint == "127.0.0.14:443" then
    handshake_ok("weak.interop.test"), findings_include(["weak_key","weak_signature"])
  else
    status_is("refused")
  end;

def result($endpoint; $what; $failures):
  # Not @tsv: it would escape the backslashes of tojson'd text a second time.
  [if $failures == [] then "PASS" else "FAIL" end, $endpoint, $what, ($failures | join("; "))]
  | map(gsub("[\t\n\r]"; " ")) | join("\t");

def taxonomy: ["success","refused","timeout","reset","unreachable","not_tls","alert","closed",
               "handshake_failed","dns_error","local_error"];
def sweep_endpoints: [range(0;256) as $h | (443, 8443) as $p | "127.0.0.\($h):\($p)"];

. as $all
| [$all[] | select(has("__invalid"))] as $invalid
| [$all[] | select(has("__invalid") | not)] as $records
| ($records | map(select((.ip|type) != "string" or (.port|type) != "number"
                          or ((.status) as $s | taxonomy | any(. == $s) | not)))) as $malformed
| ($records | map(select((.ip|type) == "string" and (.port|type) == "number"))
            | group_by("\(.ip):\(.port)") | map({key: "\(.[0].ip):\(.[0].port)", value: .}) | from_entries) as $by
| sweep_endpoints as $expected
| ($expected | map({key: ., value: true}) | from_entries) as $is_expected

| result("(file)"; "every line is a JSON object";
         [$invalid[] | "line \(.__invalid) is not a JSON object: \(.__text|tojson)"][:5]
         + (if ($invalid|length) > 5 then ["... \($invalid|length) invalid lines in all"] else [] end)),
  result("(file)"; "ip string, port number, status in the taxonomy";
         [$malformed[:5][] | "bad record: \(tostring[:120])"]
         + (if ($malformed|length) > 5 then ["... \($malformed|length) in all"] else [] end)),
  result("(file)"; "no endpoint outside 127.0.0.0/24 x {443,8443}";
         [$by | keys[] | select($is_expected[.] | not)] as $extra
         | if $extra == [] then [] else ["unexpected: \($extra[:5]|join(", "))"] end),
  result("(file)"; "each ip:port exactly once";
         [$expected[] | select(($by[.] // []) | length != 1)] as $bad
         | if $bad == [] then []
           else ["\($bad|length) endpoints missing or repeated, e.g. "
                 + ($bad[:5] | map("\(.) x\(($by[.] // [])|length)") | join(", "))] end),

  (rows[] as [$endpoint, $what]
   | ($by[$endpoint] // []) as $found
   | result($endpoint; $what;
       if ($found|length) == 1 then [$found[0] | try checks($endpoint) catch "check failed: \(.)"]
       else ["found \($found|length) records, want 1"] end)),

  ([rows[][0]] as $special
   | [$expected[] | select(. as $e | $special | any(. == $e) | not)] as $others
   | [$others[] | . as $e | ($by[$e] // []) as $found
      | if ($found|length) == 1 and $found[0].status == "refused" then empty
        else "\($e): \(if ($found|length) == 1 then $found[0].status else "x\($found|length)" end)" end] as $bad
   | result("\($others|length) others"; "every other 127.0.0.x:443/8443: refused";
       if $bad == [] then [] else ["\($bad|length) not refused: \($bad[:5]|join(", "))"] end))
