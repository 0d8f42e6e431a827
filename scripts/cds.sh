#!/usr/bin/env bash
# (Re)creates cli/target/tlsweep.jsa, a dynamic class-data-sharing archive of the classes a sweep
# loads, which the ./tlsweep launcher maps at start-up: a one-probe scan then spends ~0.6 s of CPU
# instead of ~0.9 s (docs/performance.md, "Start-up"). The classes are recorded from a run of
# `tlsweep demo` (TLS over TCP with both providers, QUIC, HTTP/1.1 and h2, the analyzer, the writer),
# on loopback only. Optional: without the archive the launcher simply runs without it.
#
#   scripts/cds.sh            (scripts/build.sh runs it after building the jar)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
jar="$here/cli/target/tlsweep.jar"
jsa="$here/cli/target/tlsweep.jsa"
[ -f "$jar" ] || { echo "cds: $jar missing; run scripts/build.sh" >&2; exit 1; }
tmp="$jsa.tmp.$$"
trap 'rm -f "$tmp"' EXIT
# The launcher's own options (./tlsweep, default_java_opts), so the archive matches how it runs.
opts=$(sed -n 's/^default_java_opts="\(.*\)"$/\1/p' "$here/tlsweep")
[ -n "$opts" ] || { echo "cds: cannot read default_java_opts from ./tlsweep" >&2; exit 1; }
# CDS prints a warning per class it cannot archive (picocli's Java 5 classes, JFR events): expected,
# so the training run's stderr goes to a log beside the archive, not to the terminal.
if java $opts -XX:ArchiveClassesAtExit="$tmp" -jar "$jar" demo -q -o /dev/null 2>"$here/cli/target/cds.log"; then
  mv -f "$tmp" "$jsa"
  echo "cds: wrote $jsa ($(( $(stat -c %s "$jsa") / 1048576 )) MiB)" >&2
else
  echo "cds: the training run (tlsweep demo) failed; no archive (see cli/target/cds.log)" >&2
  rm -f "$jsa"
fi
