# Expectations for `tlsweep scan 127.0.0.0/24 -p 443,8443 --ca-file STATEDIR/pki/root.pem
# --provider $provider` against the lab of start.sh. Input: the array of parsed NDJSON records
# (check-sweep.sh slurps them; lines that were not JSON objects arrive as
# {"__invalid": LINE_NUMBER, "__text": PREFIX}). $provider (boringssl|jdk) comes from --arg.
# Output: one TSV line per check: PASS|FAIL, endpoint, what is expected, what failed.
#
# Records are read in the documented layout only (docs/schema.md: top-level cert, chain, verdict,
# findings). Every expectation is what tlsweep really reports for that server, so findings are
# compared as an exact multiset and verdicts field by field: an extra finding is as wrong as a
# missing one.

# Finding codes; an element without a string code shows up as its JSON text so it cannot vanish.
def codes: [.findings[]? | (.code? | strings) // tojson];

# Each check emits nothing when it holds, else one message.
def status_is($s):
  if .status == $s then empty
  else "status \(.status|tojson), want \($s|tojson)" + (if .error != null then " (error \(.error|tojson))" else "" end)
  end;
def field_is($f; $want):
  if .[$f] == $want then empty else "\($f) \(.[$f]|tojson), want \($want|tojson)" end;
def findings_exactly($want):
  if (.findings|type) != "array" then "findings \(.findings|tojson), want an array"
  elif (codes|sort) == ($want|sort) then empty
  else "findings \(codes|tojson), want exactly \($want|tojson)" end;
# The served leaf and the certificates after it, by CN: catches certificates mixed up between
# probes, and (misordered) that the chain is reported in the order it was sent.
def leaf_cn($cn):
  if (.cert|type) != "object" then "cert \(.cert|tojson|.[0:40]), want the \($cn) leaf"
  elif .cert.subject_cn == $cn then empty
  else "cert.subject_cn \(.cert.subject_cn|tojson), want \($cn|tojson)" end;
def chain_cns($cns):
  if (.chain|type) != "array" then "chain \(.chain|tojson|.[0:40]), want an array"
  elif [.chain[] | .subject_cn?] == $cns then empty
  else "chain CNs \([.chain[] | .subject_cn?]|tojson), want \($cns|tojson)" end;
# The full verdict: a good chain's values with $diff laid over them; name_checked is the bare IP.
def verdict_is($diff):
  ({hostname_match: true, expired: false, not_yet_valid: false, self_signed: false,
    trusted: true, chain_complete: true, chain_ordered: true} + $diff) as $want
  | .ip as $ip
  | if (.verdict|type) != "object" then "verdict \(.verdict|tojson), want an object"
    else .verdict as $v
    | ([$want | to_entries[] | select($v[.key] != .value) | "verdict.\(.key) = \($v[.key]|tojson), want \(.value)"]
       + (if $v.name_checked == $ip then [] else ["verdict.name_checked \($v.name_checked|tojson), want \($ip|tojson)"] end))[]
    end;
def tls_is($version):
  if (.tls|type) != "object" then "tls \(.tls|tojson), want an object"
  elif .tls.version == $version then empty
  else "tls.version \(.tls.version|tojson), want \($version|tojson)" end;
def no_chain:
  if .cert == null and .chain == null and .verdict == null then empty
  else "cert/chain/verdict present, want null (no certificate was sent)" end;

def INTERMEDIATE: "tlsweep interop intermediate CA";

# A completed handshake with a certificate: status, tls version, leaf, chain, verdict, findings.
def served($version; $cn; $chain; $verdict; $findings):
  status_is("success"), field_is("error"; null), field_is("phase"; null), tls_is($version),
  leaf_cn($cn), chain_cns($chain), verdict_is($verdict), findings_exactly($findings);

# [endpoint, what is expected (for the table)]; checks($endpoint) below holds the checks.
def rows: [
  ["127.0.0.10:443",  "good: success, verdict all good, findings []"],
  ["127.0.0.10:8443", "expired: success, trusted, [expired]"],
  ["127.0.0.11:443",  "wrongname: success, [name_mismatch]"],
  ["127.0.0.11:8443", "selfsigned: success, [self_signed,untrusted]"],
  ["127.0.0.12:443",  "nointermediate: success, [incomplete_chain,untrusted]"],
  ["127.0.0.12:8443", "plain HTTP: not_tls, first_bytes HTTP/1.1 400"],
  ["127.0.0.13:443",  "clientauth: alert:certificate_required after TLSv1.3"],
  ["127.0.0.13:8443", "legacy: success TLSv1, [deprecated_protocol]"],
  ["127.0.0.14:443",  "weak: success, [weak_key,weak_signature]"],
  ["127.0.0.15:443",  "misordered: success, unordered, [chain_order]"],
  ["127.0.0.15:8443", if $provider == "jdk" then "anon (jdk): success TLSv1.2 ECDH_anon, [weak_cipher]"
                      else "anon (boringssl): alert:handshake_failure" end]
];

def checks($endpoint):
  if $endpoint == "127.0.0.10:443" then
    served("TLSv1.3"; "good.interop.test"; [INTERMEDIATE]; {}; [])
  elif $endpoint == "127.0.0.10:8443" then
    # Expiry is reported once: the chain still leads to the root, so trusted stays true.
    served("TLSv1.3"; "expired.interop.test"; [INTERMEDIATE]; {expired: true}; ["expired"])
  elif $endpoint == "127.0.0.11:443" then
    served("TLSv1.3"; "wrong.interop.test"; [INTERMEDIATE]; {hostname_match: false}; ["name_mismatch"])
  elif $endpoint == "127.0.0.11:8443" then
    served("TLSv1.3"; "selfsigned.interop.test"; []; {self_signed: true, trusted: false}; ["self_signed","untrusted"])
  elif $endpoint == "127.0.0.12:443" then
    served("TLSv1.3"; "nointermediate.interop.test"; []; {chain_complete: false, trusted: false};
           ["incomplete_chain","untrusted"])
  elif $endpoint == "127.0.0.12:8443" then
    status_is("not_tls"), field_is("phase"; "handshake"), no_chain, findings_exactly([]),
    (if (.first_bytes|type) == "string" and (.first_bytes|startswith("HTTP/1.1 400")) then empty
     else "first_bytes \(.first_bytes|tojson|.[0:40]), want it to start with \"HTTP/1.1 400\"" end)
  elif $endpoint == "127.0.0.13:443" then
    # TLS 1.3: the client's handshake is complete before the server rejects the missing client
    # certificate; tlsweep waits briefly for that alert. The chain came before it and is kept.
    status_is("alert"), field_is("error"; "alert:certificate_required"), field_is("phase"; "handshake"),
    tls_is("TLSv1.3"),
    (if .tls.client_cert_requested? == true then empty
     else "tls.client_cert_requested \(.tls.client_cert_requested?|tojson), want true" end),
    leaf_cn("clientauth.interop.test"), chain_cns([INTERMEDIATE]), verdict_is({}), findings_exactly([])
  elif $endpoint == "127.0.0.13:8443" then
    served("TLSv1"; "legacy.interop.test"; [INTERMEDIATE]; {}; ["deprecated_protocol"])
  elif $endpoint == "127.0.0.14:443" then
    served("TLSv1.3"; "weak.interop.test"; [INTERMEDIATE + " (RSA)"]; {}; ["weak_key","weak_signature"])
  elif $endpoint == "127.0.0.15:443" then
    # Leaf, an unrelated self-signed certificate, then the intermediate: complete, trusted, unordered.
    served("TLSv1.3"; "misordered.interop.test"; ["selfsigned.interop.test", INTERMEDIATE];
           {chain_ordered: false}; ["chain_order"])
  elif $endpoint == "127.0.0.15:8443" then
    # Anonymous suites only. BoringSSL implements none, so the server finds no common suite; the
    # JDK provider offers them and gets a handshake without any certificate.
    if $provider == "jdk" then
      status_is("success"), field_is("error"; null), tls_is("TLSv1.2"),
      (if .tls.cipher? == "TLS_ECDH_anon_WITH_AES_128_CBC_SHA" then empty
       else "tls.cipher \(.tls.cipher?|tojson), want \"TLS_ECDH_anon_WITH_AES_128_CBC_SHA\"" end),
      no_chain, findings_exactly(["weak_cipher"])
    else
      status_is("alert"), field_is("error"; "alert:handshake_failure"), field_is("phase"; "handshake"),
      no_chain, findings_exactly([])
    end
  else
    error("no checks for \($endpoint)")
  end;

# Every endpoint with nothing listening.
def refused:
  status_is("refused"), field_is("error"; "connection refused"), field_is("phase"; "connect"), findings_exactly([]);

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
      | if ($found|length) != 1 then "\($e): x\($found|length)"
        else [$found[0] | try refused catch "check failed: \(.)"] as $why
        | if $why == [] then empty else "\($e): \($why|join(", "))" end
        end] as $bad
   | result("\($others|length) others"; "every other 127.0.0.x:443/8443: refused, connect";
       if $bad == [] then [] else ["\($bad|length) not refused: \($bad[:3]|join("; "))"] end))
