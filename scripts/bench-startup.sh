#!/usr/bin/env bash
# Start-up cost of the CLI with and without the launcher's class-data-sharing archive
# (scripts/cds.sh), alternating RUNS times on one closed loopback port:
#   ./tlsweep scan 127.0.0.1 -p 1 -q -o /dev/null                      (launcher: archive mapped)
#   TLSWEEP_JAVA_OPTS="<the launcher's options>" ./tlsweep scan ...     (same options, no archive)
# Prints mean and min of wall seconds and CPU seconds (user+sys) per variant, and the ratio.
#
#   scripts/bench-startup.sh [RUNS]     (default 10)
set -euo pipefail
BENCH_NAME=bench-startup
. "$(dirname "$0")/bench-lib.sh"
cd "$BENCH_ROOT"
runs=${1:-10}
[[ "$runs" =~ ^[0-9]+$ ]] && [ "$runs" -ge 1 ] || die "bad RUNS '$runs'"
need_packages time
scripts/build.sh >&2
[ -f cli/target/tlsweep.jsa ] || die "no CDS archive after the build (scripts/cds.sh)"
opts=$(sed -n 's/^default_java_opts="\(.*\)"$/\1/p' tlsweep)
scratch=$(mktemp -d); trap 'rm -rf "$scratch"' EXIT
machine_line
echo "load average before: $(loadavg)"
for i in $(seq 1 "$runs"); do
  run_timed "cds-$i" "$scratch" ./tlsweep scan 127.0.0.1 -p 1 -q -o /dev/null
  echo "cds $WALL $CPU" >>"$scratch/all"
  run_timed "nocds-$i" "$scratch" env TLSWEEP_JAVA_OPTS="$opts" ./tlsweep scan 127.0.0.1 -p 1 -q -o /dev/null
  echo "nocds $WALL $CPU" >>"$scratch/all"
done
awk '{ n[$1]++; w[$1] += $2; c[$1] += $3
       if (!($1 in mw) || $2 < mw[$1]) mw[$1] = $2
       if (!($1 in mc) || $3 < mc[$1]) mc[$1] = $3 }
     END { printf "%-7s %5s %10s %9s %10s %9s\n", "variant", "runs", "wall_mean", "wall_min", "cpu_mean", "cpu_min"
           for (v in n) printf "%-7s %5d %10.3f %9.3f %10.3f %9.3f\n", v, n[v], w[v] / n[v], mw[v], c[v] / n[v], mc[v]
           printf "cds/nocds: wall %.2fx, cpu %.2fx (means)\n", (w["cds"] / n["cds"]) / (w["nocds"] / n["nocds"]),
             (c["cds"] / n["cds"]) / (c["nocds"] / n["nocds"]) }' "$scratch/all"
echo "load average after: $(loadavg)"
