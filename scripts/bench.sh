#!/usr/bin/env bash
# Builds the JMH jar and runs it; every argument goes to JMH (default: every benchmark, with the
# short warmup/measurement/fork settings each class declares). Results: benchmarks/results/*.json.
#
#   scripts/bench.sh                                   # everything (about 2 minutes on 2 vCPU)
#   scripts/bench.sh HandshakeBench                    # one class (a regex over benchmark names)
#   scripts/bench.sh NdjsonWriterBench -prof gc        # + bytes allocated per op (gc.alloc.rate.norm)
#   scripts/bench.sh HandshakeBench -p concurrency=64  # one value of a @Param
#   scripts/bench.sh -l                                # list the benchmarks
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
"$here/scripts/setup.sh"
cd "$here"

echo "bench: building benchmarks/target/benchmarks.jar" >&2
mvn -q -B -DskipTests -pl benchmarks -am package >&2

mkdir -p benchmarks/results
# One file per run, named by time and the first benchmark pattern (the first argument that is not an
# option or an option's value), so runs side by side never overwrite each other.
# (Every JMH option used in a run takes one value.)
label=all skip=0
for arg in "$@"; do
  if [ "$skip" = 1 ]; then skip=0; continue; fi
  case "$arg" in -*) skip=1 ;; *) label="$arg"; break ;; esac
done
label="${label//[^A-Za-z0-9._-]/_}"
out="benchmarks/results/$(date -u +%Y%m%dT%H%M%SZ)-${label:0:40}.json"

# Listing, help and listing params are not runs: pass them through without a result file.
for arg in "$@"; do
  case "$arg" in
    -l|-lp|-lprof|-lrf|-h) exec java -jar benchmarks/target/benchmarks.jar "$@" ;;
  esac
done

echo "bench: $(nproc) vCPU, $(uname -sr), $(java -version 2>&1 | head -1)" >&2
java -jar benchmarks/target/benchmarks.jar -rf json -rff "$out" "$@"
echo "bench: results in $out" >&2
