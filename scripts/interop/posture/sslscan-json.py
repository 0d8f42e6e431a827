#!/usr/bin/env python3
"""sslscan's XML report (sslscan --xml=FILE, 2.0.x) as the JSON the posture lab keeps in expected.json.

  sslscan-json.py REPORT.xml  ->  {"versions": [...], "suites": {"TLSv1.2": [{"id": "0xc02f", "name": ...,
  "bits": 128, "status": "preferred"|"accepted"}, ...]}, "preferred": {"TLSv1.2": "0xc02f"},
  "groups": {"TLSv1.3": ["0x001d", ...]}, "renegotiation": {"supported": true, "secure": true},
  "fallback_scsv": true|false|null}

Suite ids are lower-case hex as IANA lists them; the order of each list is sslscan's (its preferred
suite first, then the order it found the others), which is not a server order.
"""
import json
import sys
import xml.etree.ElementTree as ET

VERSION_NAMES = {("ssl", "2"): "SSLv2", ("ssl", "3"): "SSLv3", ("tls", "1.0"): "TLSv1.0",
                 ("tls", "1.1"): "TLSv1.1", ("tls", "1.2"): "TLSv1.2", ("tls", "1.3"): "TLSv1.3"}


def main(path):
    test = ET.parse(path).getroot().find("ssltest")
    if test is None:
        raise SystemExit(f"{path}: no <ssltest> (sslscan could not connect?)")
    out = {"versions": [], "suites": {}, "preferred": {}, "groups": {}, "renegotiation": None,
           "fallback_scsv": None}
    for p in test.findall("protocol"):
        if p.get("enabled") == "1":
            out["versions"].append(VERSION_NAMES[(p.get("type"), p.get("version"))])
    for c in test.findall("cipher"):
        version = c.get("sslversion")
        suite = {"id": c.get("id").lower(), "name": c.get("cipher"), "bits": int(c.get("bits")),
                 "status": c.get("status")}
        out["suites"].setdefault(version, []).append(suite)
        if suite["status"] == "preferred":
            out["preferred"][version] = suite["id"]
    for g in test.findall("group"):
        out["groups"].setdefault(g.get("sslversion"), []).append(g.get("id").lower())
    r = test.find("renegotiation")
    if r is not None:
        out["renegotiation"] = {"supported": r.get("supported") == "1", "secure": r.get("secure") == "1"}
    f = test.find("fallback")
    if f is not None:
        out["fallback_scsv"] = f.get("supported") == "1"
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    print()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__.strip().splitlines()[2].strip())
    main(sys.argv[1])
