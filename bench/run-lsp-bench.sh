#!/usr/bin/env bash
# `titanlint lsp` latency: didChange to publishDiagnostics on the guide's workspace (target 50 ms)
# and on the generator's 2,000-document workspace (target 300 ms), with the server's default
# debounce and without it (bench/lsp_bench.py: medians and spread).
#
#   bench/run-lsp-bench.sh            # 31 edits each
#   bench/run-lsp-bench.sh --runs 51
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build/bench}
if [ "$build" = build/bench ]; then
  cmake --preset bench >/dev/null
  cmake --build --preset bench --target titanlint titanlint_gen_corpus >/dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r testdata/guide/k8s "$work/guide"
"$build/bench/titanlint_gen_corpus" "$work/corpus" 2000 >/dev/null
big_file=$(find "$work/corpus/k8s" -name '*.yaml' | sort | head -1)
for debounce in default 0; do
  flag=()
  [ "$debounce" = default ] || flag=(--debounce-ms "$debounce")
  python3 bench/lsp_bench.py --titanlint "$build/titanlint" --workspace "$work/guide" \
    --file "$work/guide/webapp/deployment.yaml" --label "guide (7 files)" "${flag[@]}" "$@"
  python3 bench/lsp_bench.py --titanlint "$build/titanlint" --workspace "$work/corpus/k8s" \
    --file "$big_file" --label "corpus (2,000 documents)" "${flag[@]}" "$@"
done
