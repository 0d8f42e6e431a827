# Builds, from an expected.json, the sweep a correct tlsweep writes for the web lab: one record per
# address x {443/tcp, 443/udp, 80/tcp} x {no SNI, each name}, every top-level key present in
# schema order (docs/schema.md). Used by selftest.sh; $named80: also named port-80 records.
def rec($e; $port; $transport):
  {schema_version: 1, timestamp: "2026-11-30T09:00:00.000Z", ip: $e.ip, port: $port, transport: $transport,
   host: null, sni: $e.sni, status: "success", error: null, phase: null, attempts: 1,
   timings: {connect_ms: 0.2, handshake_ms: 3.1, total_ms: 4.0}, tls: null, first_bytes: null,
   cert: null, chain: null, verdict: null, findings: [], service: null, tls_mode: null, prelude: null,
   diagnosis: null, quic: null, http: null, acme: null, sni_matrix: null};
def cert($sha): {subject_cn: "x", sha256: $sha};
def verdict: {name_checked: "x", hostname_match: true, expired: false, not_yet_valid: false,
              self_signed: false, trusted: true, chain_complete: true, chain_ordered: true};
.names as $names | .endpoints as $rows
| ($rows | map(select(.sni == null)) | map({key: .ip, value: .}) | from_entries) as $base
| $rows[] as $e
| ( # 443/tcp
    rec($e; 443; "tcp")
    | if $e.tcp443.status == "success" then
        .tls = {version: "TLSv1.3", cipher: "TLS_AES_128_GCM_SHA256", alpn: $e.http.protocol, client_cert_requested: false}
        | .cert = cert($e.tcp443.leaf_sha256) | .chain = [] | .verdict = verdict | .tls_mode = "implicit" | .service = "https"
        | .http = ($e.http | {protocol, status, server, location: null,
                   hsts: (if .hsts == null then null else .hsts end),
                   alt_svc: (if .alt_svc == null then null else .alt_svc + {h3_reachable: ($e.udp443.status != "timeout")} end),
                   error: null})
        | if $e.http.alt_svc.h3 == true and $e.udp443.status == "timeout"
          then .findings += [{code: "alt_svc_h3_unreachable", detail: "h3 advertised, 443/udp silent"}] else . end
      else .status = "alert" | .error = $e.tcp443.error | .phase = "handshake" | .service = "https" end
    | .acme = {http01: null, tls_alpn01: {accepted: $e.tls_alpn01.accepted, detail: null}}
    | if $e.sni == null then
        ($rows | map(select(.ip == $e.ip))) as $at
        | ($names | map(. as $n | $at | map(select(.sni == $n))[0]
            | {sni, status: .tcp443.status, cert_sha256: .tcp443.leaf_sha256})) as $named
        | .sni_matrix = {default_cert: $e.tcp443.leaf_sha256, sni_required: false, names: $named,
            certs: ([$e.tcp443.leaf_sha256, $named[].cert_sha256] | map(select(. != null)) | unique
              | map(. as $s | {sha256: $s, subject_cn: "x", san_dns: [], default: ($s == $e.tcp443.leaf_sha256),
                               snis: ($named | map(select(.cert_sha256 == $s) | .sni))}))}
      else . end ),
  ( # 443/udp
    rec($e; 443; "udp")
    | .quic = {version: null, server_versions: null, max_idle_timeout_ms: null, max_udp_payload_size: null,
               initial_max_data: null, initial_max_streams_bidi: null, close_code: null, close_reason: null,
               same_cert_as_tcp: null}
    | if $e.udp443.status == "success" then
        .tls = {version: "TLSv1.3", cipher: "TLS_AES_128_GCM_SHA256", alpn: "h3", client_cert_requested: false}
        | .cert = cert($e.udp443.leaf_sha256) | .chain = [] | .verdict = verdict | .tls_mode = "quic"
        | .quic.version = "v1" | .quic.max_idle_timeout_ms = 30000 | .quic.max_udp_payload_size = 1452
        | .quic.same_cert_as_tcp = ($e.tcp443.leaf_sha256 == $e.udp443.leaf_sha256)
      elif $e.udp443.status == "alert" then
        .status = "alert" | .error = "alert:internal_error" | .phase = "handshake" | .quic.version = "v1"
        | .quic.close_code = $e.udp443.close_code
      else .status = "timeout" | .error = "handshake timeout" | .phase = "connect" end ),
  ( # 80/tcp
    select($e.sni == null or $named80)
    | rec($e; 80; "tcp")
    | .acme = {http01: {result: $e.http01.result, status: $e.http01.status,
                        location: (if $e.http01.location_prefix == null then null else $e.http01.location_prefix + "0123abcd" end),
                        detail: null}, tls_alpn01: null}
    | if $e.http01.result == "blocked" then
        .status = "refused" | .error = "connection refused" | .phase = "connect"
        | .findings = [{code: "acme_http01_blocked", detail: "port 80 refused"}]
      else . end )
