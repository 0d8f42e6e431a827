#!/usr/bin/env python3
"""Proves check-enum.py catches what it claims to; needs only python3 (no lab).

  scripts/interop/posture/selftest.py

The fixtures are a real run of the posture lab: testdata/expected.json (verify.sh's sslscan
baseline) and testdata/enum-pass.ndjson (tlsweep --enum full and fast of every endpoint, the
sweeps scripts/test.sh makes, concatenated). The fixture must pass; each targeted mutation of one
record must turn the run to FAIL (exit 1) with a FAIL line naming that endpoint; garbage must give
exit 2, never a traceback.
"""
import copy
import json
import pathlib
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
CHECK = HERE / "check-enum.py"
EXPECTED = HERE / "testdata/expected.json"
RECORDS = [json.loads(line) for line in (HERE / "testdata/enum-pass.ndjson").read_text().splitlines()]


def find(ip, port, level):
    for i, r in enumerate(RECORDS):
        if r["ip"] == ip and r["port"] == port and r["enum"]["level"] == level:
            return i
    raise SystemExit(f"selftest: fixture has no {level} record for {ip}:{port}")


def per(r, version):
    return next(v for v in r["enum"]["per_version"] if v["version"] == version)


def drop_suite(r):
    per(r, "TLSv1.2")["suites"].pop()


def swap_order(r):
    s = per(r, "TLSv1.2")["suites"]
    s[0], s[1] = s[1], s[0]


def add_group(r):
    per(r, "TLSv1.2")["groups"].append("x448")


def drop_version(r):
    r["enum"]["versions"].remove("TLSv1.1")


def client_order(r):
    per(r, "TLSv1.2")["server_order"] = True


def better_grade(r):
    r["grade"]["letter"] = "A"


def incomplete(r):
    r["enum"]["complete"] = False


def no_enum(r):
    r["enum"] = None


def no_cert(r):
    r["cert"] = None


def extra_finding(r):
    r["findings"].append({"code": "cipher_rc4", "detail": "mutated"})


# (name, ip, port, level, mutation, the endpoint that must FAIL)
CASES = [
    ("a suite missing", "127.0.0.62", 443, "full", drop_suite, "order"),
    ("server order swapped", "127.0.0.62", 443, "full", swap_order, "order"),
    ("a group sslscan did not see", "127.0.0.62", 443, "full", add_group, "order"),
    ("a version missing", "127.0.0.60", 443, "full", drop_version, "legacy"),
    ("client order called server order", "127.0.0.63", 443, "full", client_order, "noorder"),
    ("a grade the rubric does not give", "127.0.0.61", 443, "full", better_grade, "weak"),
    ("fast grade wrong", "127.0.0.64", 143, "fast", better_grade, "imap"),
    ("incomplete enumeration", "127.0.0.64", 110, "full", incomplete, "pop3"),
    ("no enum object", "127.0.0.1", 443, "full", no_enum, "gnutls"),
    ("fast finds what full does not", "127.0.0.64", 993, "fast", extra_finding, "imaps"),
    ("no chain where the handshake was refused", "127.0.0.1", 444, "full", no_cert, "nullonly"),
]


def run(records, expected=EXPECTED):
    with tempfile.NamedTemporaryFile("w", suffix=".ndjson", delete=False) as f:
        for r in records:
            f.write(json.dumps(r) + "\n")
    p = subprocess.run([sys.executable, str(CHECK), str(expected), f.name], capture_output=True, text=True)
    pathlib.Path(f.name).unlink()
    return p


def main():
    failures = 0
    p = run(RECORDS)
    if p.returncode != 0:
        print(f"selftest: FAIL the fixture does not pass (exit {p.returncode}):\n{p.stdout}{p.stderr}")
        failures += 1
    for name, ip, port, level, mutate, endpoint in CASES:
        records = copy.deepcopy(RECORDS)
        mutate(records[find(ip, port, level)])
        p = run(records)
        fails = [line for line in p.stdout.splitlines() if line.startswith("FAIL")]
        if p.returncode != 1 or not fails or not all(line.split()[1] == endpoint for line in fails):
            print(f"selftest: FAIL '{name}': exit {p.returncode}, FAIL lines {fails}")
            failures += 1
    with tempfile.NamedTemporaryFile("w", suffix=".ndjson", delete=False) as f:
        f.write("{not json\n")
    p = subprocess.run([sys.executable, str(CHECK), str(EXPECTED), f.name], capture_output=True, text=True)
    pathlib.Path(f.name).unlink()
    if p.returncode != 2 or "Traceback" in p.stderr:
        print(f"selftest: FAIL garbage input: exit {p.returncode}, {p.stderr.strip()[:200]}")
        failures += 1
    total = len(CASES) + 2
    print(f"posture selftest: {total - failures}/{total} cases behave")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
