#!/usr/bin/env python3
"""Lint with Polaris's 44 checks as custom checks against lint with the built-in rules only,
whole process against whole process, in paired alternating runs (bench/run-custom-checks-bench.sh
builds and calls this).

Each round runs both, in alternating order, with the gcc format. It prints the medians of wall
and CPU time with their spread (min-max), the number of findings each prints, and the median of
the per-round ratios (custom / built-in). Standard library only.
"""

import argparse
import statistics
import subprocess

import process_bench


def findings(argv):
    out = subprocess.run(argv, capture_output=True, text=True)
    if out.returncode not in (0, 1):
        raise SystemExit(f"titanlint failed: {out.stderr}")
    return sum(1 for line in out.stdout.splitlines() if line.count(":") >= 3)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--titanlint", required=True)
    parser.add_argument("--measure", required=True)
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--builtin-config", required=True)
    parser.add_argument("--custom-config", required=True)
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    process_bench.MEASURE = args.measure

    commands = {
        "built-in rules": [args.titanlint, args.corpus, "--format", "gcc",
                           "--config", args.builtin_config],
        "+ 44 Polaris checks": [args.titanlint, args.corpus, "--format", "gcc",
                                "--config", args.custom_config],
    }
    names = list(commands)
    for n in names:
        print(f"{n}: {findings(commands[n])} findings")
    wall = {n: [] for n in names}
    cpu = {n: [] for n in names}
    ratios = []
    for round_index in range(args.runs):
        order = names if round_index % 2 == 0 else list(reversed(names))
        this_round = {}
        for n in order:
            w, c, _, _ = process_bench.run(commands[n])
            wall[n].append(w)
            cpu[n].append(c)
            this_round[n] = w
        ratios.append(this_round[names[1]] / this_round[names[0]])
    print(f"{args.corpus}, {args.runs} rounds")
    for n in names:
        print(
            f"  {n:20} wall {statistics.median(wall[n]) * 1000:7.1f} ms "
            f"({process_bench.spread(wall[n], 1000)}), "
            f"cpu {statistics.median(cpu[n]) * 1000:7.1f} ms"
        )
    print(f"  custom / built-in: x {statistics.median(ratios):.2f} "
          f"({process_bench.spread(ratios, 1, '{:.2f}')})")


if __name__ == "__main__":
    main()
