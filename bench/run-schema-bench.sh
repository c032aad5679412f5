#!/usr/bin/env bash
# What the schema rules (TL006-TL008, TL010-TL012) cost: whole-process lint of the two generated
# corpora (2,000 documents each, realistic and defect-heavy) with the rules on and off, in paired
# alternating runs; see bench/schema_bench.py. docs/schema.md has the figures.
#
#   bench/run-schema-bench.sh                 # bench preset, 11 rounds
#   BUILD=build/dev bench/run-schema-bench.sh --runs 7
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD:-build/bench}
if [ "$build" = build/bench ]; then
  cmake --preset bench >/dev/null
  cmake --build --preset bench --target titanlint titanlint_gen_corpus titanlint_bench_measure \
    >/dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$build/bench/titanlint_gen_corpus" "$work/realistic" 2000 >/dev/null
"$build/bench/titanlint_gen_corpus" "$work/heavy" 2000 --defects heavy >/dev/null
exec python3 bench/schema_bench.py --titanlint "$build/titanlint" \
  --measure "$build/bench/titanlint_bench_measure" \
  --corpus "realistic=$work/realistic/k8s" --corpus "heavy=$work/heavy/k8s" "$@"
