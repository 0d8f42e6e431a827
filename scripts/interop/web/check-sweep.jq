# The web lab's expectations (used by check-sweep.sh; docs/interop-web.md). Input: the sweep's
# records as one array (a line that is not a JSON object arrives as {"__invalid": LINE, "__text": ...});
# $exp: STATEDIR/expected.json written by verify.sh. Output: one TSV row per check:
#   PASS|FAIL <TAB> endpoint <TAB> what <TAB> problems (or what was seen)

def ep_key: "\(.ip) \(.port)/\(.transport) \(.sni // "-")";
def is_record: type == "object" and has("__invalid") == false;
def codes: [(.findings // [])[] | .code?];
def has_code($c): codes | index($c) != null;
def want($what; $got; $exp): if $got == $exp then empty else "\($what) \($got | tojson), want \($exp | tojson)" end;

($exp.names) as $names
| ($exp.endpoints) as $rows
| ($rows | map(.ip) | unique) as $ips
| (map(select(is_record))) as $recs
| ($rows | map(select(.sni == null)) | map({key: .ip, value: .}) | from_entries) as $nosni
# the records found for one expected key
| def found($ip; $port; $transport; $sni):
    $recs | map(select(.ip == $ip and .port == $port and .transport == $transport and .sni == $sni));
  # the sni_matrix the no-SNI TCP/443 record of $ip must carry, from what s_client saw
  def matrix($ip):
    ($rows | map(select(.ip == $ip))) as $at
    | ($at | map(select(.sni == null)) | .[0].tcp443.leaf_sha256) as $default
    | ($names | map(. as $n | $at | map(select(.sni == $n)) | .[0]
        | {sni: .sni, status: .tcp443.status, cert_sha256: .tcp443.leaf_sha256})) as $named
    | {default_cert: $default,
       sni_required: ($default == null and ($named | any(.cert_sha256 != null))),
       names: $named,
       certs: ([$default, $named[].cert_sha256] | map(select(. != null)) | unique
               | map(. as $s | {sha256: $s, default: ($s == $default),
                                snis: ($named | map(select(.cert_sha256 == $s) | .sni) | sort)}))};
  def matrix_seen: if . == null then null else
      {default_cert, sni_required, names: ((.names // []) | map({sni, status, cert_sha256})),
       certs: ((.certs // []) | map({sha256, default, snis: ((.snis // []) | sort)}) | sort_by(.sha256))} end;
  # a web finding may only appear where the lab causes it
  def finding($r; $code; $expected):
    ($r | has_code($code)) as $has
    | if $has == $expected then empty else "finding \($code) \(if $has then "present" else "missing" end)" end;

  # --- the file ---------------------------------------------------------------------------------
  ( map(select(has("__invalid")))[]
    | ["FAIL", "(file)", "every line a JSON object", "line \(.__invalid) is not: \(.__text)"] ),
  ( ($recs | map(select(
        ((.ip | IN($ips[])) and (.sni == null or (.sni | IN($names[])))
         and ([.port, .transport] | IN([80, "tcp"], [443, "tcp"], [443, "udp"]))) | not)
        | ep_key)) as $extra
    | if ($extra | length) == 0 then ["PASS", "(file)", "no record outside the lab", "\($recs | length) records"]
      else ["FAIL", "(file)", "no record outside the lab", ($extra | join(", "))] end ),
  # port 80 carries no TLS: probed once per address, or once per address and name (all or none)
  ( $ips[] as $ip
    | ($names | map(. as $n | found($ip; 80; "tcp"; $n) | length)) as $counts
    | if ($counts | all(. == 0)) or ($counts | all(. == 1)) then empty
      else ["FAIL", "\($ip) 80/tcp", "named port-80 records: none or one per name", "counts \($counts | tojson) for \($names | join(","))"] end ),

  # --- one row per expected endpoint ------------------------------------------------------------
  ( $rows[] as $e
    | ($nosni[$e.ip]) as $base
    | ( [443, "tcp"], [443, "udp"], [80, "tcp"] ) as [$port, $transport]
    | found($e.ip; $port; $transport; $e.sni) as $hits
    | "\($e.ip) \($port)/\($transport) \($e.sni // "-")" as $where
    # named port-80 rows only when the sweep has named port-80 records for this address
    | select($port != 80 or $e.sni == null
             or ($names | map(. as $n | found($e.ip; 80; "tcp"; $n) | length) | any(. > 0)))
    | if ($hits | length) != 1 then ["FAIL", $where, $e.host, "found \($hits | length) records, want exactly 1"]
      else $hits[0] as $r
      | [ if $port == 443 and $transport == "tcp" then
            "\($e.tcp443.status) \($e.tcp443.leaf // $e.tcp443.error)",
            [ want("quic"; $r.quic; null),
              want("acme.http01"; $r.acme.http01; null),
              want("acme.tls_alpn01.accepted"; $r.acme.tls_alpn01.accepted; $e.tls_alpn01.accepted),
              (if $e.tcp443.status == "success" then
                 want("status"; $r.status; "success"),
                 want("cert.sha256"; $r.cert.sha256; $e.tcp443.leaf_sha256),
                 want("verdict.trusted"; $r.verdict.trusted; true),
                 want("http.status"; $r.http.status; $e.http.status),
                 want("http.protocol"; $r.http.protocol; $e.http.protocol),
                 want("http.server"; $r.http.server; $e.http.server),
                 want("http.location"; $r.http.location; null),
                 (if $e.http.hsts == null then want("http.hsts"; $r.http.hsts; null)
                  else want("http.hsts"; $r.http.hsts | if type == "object" then {raw, max_age, include_subdomains, preload} else . end; $e.http.hsts) end),
                 (if $e.http.alt_svc == null then want("http.alt_svc"; $r.http.alt_svc; null)
                  else want("http.alt_svc"; $r.http.alt_svc | if type == "object" then {raw, h3, h3_port, h3_reachable} else . end;
                            $e.http.alt_svc + {h3_reachable: ($e.udp443.status != "timeout")}) end),
                 finding($r; "alt_svc_h3_unreachable"; ($e.http.alt_svc.h3 == true and $e.udp443.status == "timeout"))
               else
                 want("status"; $r.status; $e.tcp443.status),
                 want("error"; $r.error; $e.tcp443.error),
                 want("cert"; $r.cert; null),
                 want("http"; $r.http; null),
                 finding($r; "alt_svc_h3_unreachable"; false)
               end),
              (if $base.http01.result == "blocked" then empty else finding($r; "acme_http01_blocked"; false) end),
              (if $e.sni == null then want("sni_matrix"; $r.sni_matrix | matrix_seen; matrix($e.ip))
               else want("sni_matrix"; $r.sni_matrix; null) end)
            ]
          elif $transport == "udp" then
            "quic \($e.udp443.status) \($e.udp443.leaf // $e.udp443.close_code // "")",
            [ (if ($r.quic | type) != "object" then "quic \($r.quic | tojson), want an object" else empty end),
              want("acme"; $r.acme; null),
              (if $e.udp443.status == "success" then
                 want("status"; $r.status; "success"),
                 want("tls_mode"; $r.tls_mode; "quic"),
                 want("tls.version"; $r.tls.version; "TLSv1.3"),
                 want("tls.alpn"; $r.tls.alpn; "h3"),
                 want("quic.version"; $r.quic.version; "v1"),
                 want("cert.sha256"; $r.cert.sha256; $e.udp443.leaf_sha256),
                 want("verdict.trusted"; $r.verdict.trusted; true),
                 want("quic.same_cert_as_tcp"; $r.quic.same_cert_as_tcp;
                      if $e.tcp443.leaf_sha256 == null then null else $e.tcp443.leaf_sha256 == $e.udp443.leaf_sha256 end),
                 (if $r.http == null then empty else want("http (h3)"; $r.http | {protocol, status}; {protocol: "h3", status: 200}) end)
               elif $e.udp443.status == "alert" then
                 want("status"; $r.status; "alert"),
                 want("quic.close_code"; $r.quic.close_code; $e.udp443.close_code),
                 want("cert"; $r.cert; null)
               else
                 want("status"; $r.status; "timeout"),
                 want("cert"; $r.cert; null),
                 want("quic.version"; $r.quic.version; null)
               end),
              finding($r; "alt_svc_h3_unreachable"; false),
              (if $base.http01.result == "blocked" then empty else finding($r; "acme_http01_blocked"; false) end)
            ]
          else
            "http-01 \($e.http01.result)",
            [ want("quic"; $r.quic; null),
              want("acme.http01.result"; $r.acme.http01.result; $e.http01.result),
              want("acme.tls_alpn01"; $r.acme.tls_alpn01; null),
              want("status"; $r.status; if $e.http01.result == "blocked" then "refused" else "success" end),
              want("acme.http01.status"; $r.acme.http01.status; $e.http01.status),
              (if $e.http01.location_prefix == null then want("acme.http01.location"; $r.acme.http01.location; null)
               elif (($r.acme.http01.location // "") | startswith($e.http01.location_prefix)) then empty
               else "acme.http01.location \($r.acme.http01.location | tojson), want \($e.http01.location_prefix)<token>" end),
              finding($r; "acme_http01_blocked"; $e.http01.result == "blocked"),
              finding($r; "alt_svc_h3_unreachable"; false)
            ]
          end ] as [$title, $problems]
      | if ($problems | length) == 0 then ["PASS", $where, $e.host, $title]
        else ["FAIL", $where, $e.host, ($problems | join("; "))] end
      end )
| @tsv
