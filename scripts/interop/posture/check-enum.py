#!/usr/bin/env python3
"""Judges tlsweep's enumeration (`--enum full`) of the posture lab against sslscan's baseline.

  check-enum.py EXPECTED.json SWEEP.ndjson [SWEEP.ndjson ...]

EXPECTED.json is what verify.sh wrote (sslscan's view per endpoint, with ip/port/netns/starttls).
The sweeps hold tlsweep records; each endpoint of EXPECTED must have exactly one TCP record for its
ip:port with an `enum` object at level full (the netns endpoint comes from a sweep run inside the
namespace, so records are matched by ip:port and the sweep they came from does not matter).

Checked per endpoint, against sslscan (the issue's reference):
  versions    the accepted versions are the same set;
  suites      per version, the accepted suites are the same set (by IANA code point);
  preference  where tlsweep says the server has its own order, the server's first choice and its
              whole order equal sslscan's (sslscan walks by removal, so for such a server its list is
              the server's order); where tlsweep says the client's order is followed, sslscan must not
              contradict it: for a client-order server, sslscan's order is its own offer order;
  groups      per version that sslscan tested groups at, the same set, restricted to the groups
              sslscan can offer (its OpenSSL has no ML-KEM hybrids; tlsweep may find more there);
  complete    the enumeration says complete, and it made at least one hello;
  cert        the record judges a certificate chain (every endpoint serves one), with a trusted verdict,
              also where tlsweep's own handshake was refused (nullonly: the chain the enumeration
              read in the clear);
  grade       the letter GRADES below names, and the rubric rules (docs/grading.md) that make it
              applied, at both levels: what each endpoint is built as decides its grade;
  fast        when the sweeps also hold a `--enum fast` record of the endpoint: it finds the same
              versions, the same preferred suite per version where the server has its own order,
              and the same enumeration findings (protocol_*, cipher_*, no_*) as full does.
Suite and group names are mapped to code points with the tables the scanner itself uses
(CipherSuites.java and NamedGroups.java), so no second table can drift.

Prints one PASS/FAIL line per check and a count; exit 0 when all pass, 1 otherwise, 2 on bad usage.
"""
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[3]
WIRE = ROOT / "scanner-core/src/main/java/io/tlsweep/core/tls/wire"
# sslscan's spelling of versions -> the records' spelling.
VERSIONS = {"SSLv2": "SSLv2", "SSLv3": "SSLv3", "TLSv1.0": "TLSv1", "TLSv1.1": "TLSv1.1",
            "TLSv1.2": "TLSv1.2", "TLSv1.3": "TLSv1.3"}
# The groups sslscan 2.0.x offers one by one (its OpenSSL 3.0 knows no ML-KEM).
# What each endpoint's design must grade (docs/grading.md): the letter and the rules that make it.
GRADES = {
    "legacy": ("C", ["cap.no_tls12", "cap.tls10", "cap.tls11", "cap.cbc_only"]),
    "weak": ("F", ["cap.anonymous"]),
    "order": ("A+", ["bonus.a_plus"]),
    "noorder": ("A+", ["bonus.a_plus"]),
    "imap": ("B", ["cap.tls10", "cap.tls11"]),
    "imaps": ("B", ["cap.tls10", "cap.tls11"]),
    "pop3": ("B", ["cap.tls10", "cap.tls11"]),
    # NULL, anonymous and 3DES suites make it an F (probed by its certificate's name: no T).
    "gnutls": ("F", ["letter.f", "cap.null", "cap.anonymous", "cap.3des"]),
    # NULL suites only, RSA key exchange: F, graded although tlsweep's own handshake was refused.
    "nullonly": ("F", ["cap.null", "cap.no_fs"]),
}
SSLSCAN_GROUPS = {0x0017, 0x0018, 0x0019, 0x001d, 0x001e, 0x0100, 0x0101, 0x0102, 0x0103, 0x0104}


def iana_table(java_file):
    """name -> code point, from the `0xNNNN NAME` lines of an IanaTable text block."""
    table = {}
    for m in re.finditer(r"^\s*0x([0-9a-fA-F]{4})\s+(\S+)\s*$", (WIRE / java_file).read_text(), re.M):
        table[m.group(2)] = int(m.group(1), 16)
    if not table:
        raise SystemExit(f"check-enum: no table in {java_file}")
    return table


def code(table, name, what):
    if name in table:
        return table[name]
    m = re.fullmatch(r"(?:UNKNOWN_|group_)0x([0-9a-fA-F]{4})", name)
    if m:
        return int(m.group(1), 16)
    raise SystemExit(f"check-enum: {what} {name!r} is in no table")


def hexes(codes):
    return ",".join(f"0x{c:04x}" for c in codes)


def main(expected_path, sweeps):
    suites_by_name = iana_table("CipherSuites.java")
    groups_by_name = iana_table("NamedGroups.java")
    expected = json.loads(pathlib.Path(expected_path).read_text())
    records = {}
    for sweep in sweeps:
        for n, line in enumerate(pathlib.Path(sweep).read_text().splitlines(), 1):
            r = json.loads(line)
            if r.get("transport") != "tcp":
                continue
            level = (r.get("enum") or {}).get("level", "full")
            key = (r["ip"], r["port"], level)
            if key in records:
                raise SystemExit(f"check-enum: two records for {key[0]}:{key[1]} ({sweep} line {n})")
            records[key] = r
    passed = failed = 0

    def check(name, what, ok, detail):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
        print(f"{'PASS' if ok else 'FAIL'}  {name:8} {what:22} {detail}")

    for name, want in expected.items():
        r = records.get((want["ip"], want["port"], "full"))
        if r is None or r.get("enum") is None:
            check(name, "record", False, f"no record with enum for {want['ip']}:{want['port']}"
                  + ("" if r is None else f" (status {r.get('status')}, error {r.get('error')})"))
            continue
        e = r["enum"]
        v = r.get("verdict") or {}
        check(name, "cert", r.get("cert") is not None and v.get("trusted") is True,
              f"status {r.get('status')}, cert {'present' if r.get('cert') else 'null'}, trusted {v.get('trusted')}")
        check(name, "complete", e["complete"] and e["level"] == "full" and e["hellos"] > 0,
              f"level {e['level']}, {e['hellos']} hellos, complete {e['complete']}")
        want_versions = sorted(VERSIONS[v] for v in want["versions"])
        check(name, "versions", sorted(e["versions"]) == want_versions,
              f"tlsweep {sorted(e['versions'])}, sslscan {want_versions}")
        per = {v["version"]: v for v in e["per_version"]}
        for sv, suites in sorted(want["suites"].items()):
            v = VERSIONS[sv]
            got = per.get(v)
            ours = [code(suites_by_name, s, "suite") for s in (got["suites"] if got else [])]
            theirs = [int(s["id"], 16) for s in suites]
            check(name, f"{v} suites", sorted(ours) == sorted(theirs),
                  f"{len(ours)} vs sslscan {len(theirs)}"
                  + ("" if sorted(ours) == sorted(theirs) else
                     f"; only tlsweep {hexes(sorted(set(ours) - set(theirs)))};"
                     f" only sslscan {hexes(sorted(set(theirs) - set(ours)))}"))
            if got is None or len(theirs) < 2:
                continue
            if got["server_order"]:
                check(name, f"{v} server order", ours == theirs,
                      f"tlsweep {hexes(ours)}; sslscan {hexes(theirs)}")
            else:
                # A client-order server picks the client's first: sslscan's first pick is then the
                # first of its own list, which differs from ours only by the clients' orders.
                check(name, f"{v} client order", got["server_order"] is False,
                      f"server_order {got['server_order']} (sslscan's preferred {hexes(theirs[:1])})")
        for sv, groups in sorted(want["groups"].items()):
            v = VERSIONS[sv]
            got = per.get(v)
            ours = {code(groups_by_name, g, "group") for g in (got["groups"] if got else [])}
            theirs = {int(g, 16) for g in groups}
            ours_comparable = ours & SSLSCAN_GROUPS
            check(name, f"{v} groups", ours_comparable == theirs,
                  f"tlsweep {hexes(sorted(ours))}; sslscan {hexes(sorted(theirs))}")
        for level in ("full", "fast"):
            rec = records.get((want["ip"], want["port"], level))
            if rec is None or name not in GRADES:
                continue
            letter, rules = GRADES[name]
            g = rec.get("grade") or {}
            applied = [rule["id"] for rule in g.get("rules", [])]
            check(name, f"{level} grade", g.get("letter") == letter and all(x in applied for x in rules),
                  f"{g.get('letter')} (score {g.get('score')}; want {letter} by {', '.join(rules)})")
        fast = records.get((want["ip"], want["port"], "fast"))
        if fast is not None and fast.get("enum") is not None:
            f = fast["enum"]
            check(name, "fast versions", sorted(f["versions"]) == sorted(e["versions"]),
                  f"fast {sorted(f['versions'])} in {f['hellos']} hellos, full {sorted(e['versions'])}")
            fast_per = {v["version"]: v for v in f["per_version"]}
            for v, full_v in per.items():
                if full_v["server_order"] and v in fast_per:
                    check(name, f"fast {v} preferred", fast_per[v]["preferred"] == full_v["preferred"],
                          f"fast {fast_per[v]['preferred']}, full {full_v['preferred']}")
            enum_codes = ("protocol_", "cipher_", "no_")
            codes = lambda rec: sorted(c["code"] for c in rec["findings"] if c["code"].startswith(enum_codes))
            check(name, "fast findings", codes(fast) == codes(r), f"fast {codes(fast)}, full {codes(r)}")
    total = passed + failed
    print(f"check-enum: {passed}/{total} checks passed over {len(expected)} endpoints")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    if len(sys.argv) < 3:
        print("usage: check-enum.py EXPECTED.json SWEEP.ndjson [SWEEP.ndjson ...]", file=sys.stderr)
        sys.exit(2)
    try:
        sys.exit(main(sys.argv[1], sys.argv[2:]))
    except (OSError, ValueError, KeyError) as e:
        print(f"check-enum: {e}", file=sys.stderr)
        sys.exit(2)
