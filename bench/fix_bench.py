#!/usr/bin/env python3
"""`titanlint fix --diff` against `titanlint lint` of the same files, whole process against whole
process, in paired alternating runs (bench/run-fix-bench.sh builds and calls this).

Each round runs, in a rotating order, lint with the text format, lint with the gcc format and
fix --diff (which lints, builds every fix, applies them in passes and prints the diff). It prints
the medians of wall and CPU time with their spread (min-max), and the medians of the per-round
ratios of fix --diff to each lint run. Standard library only.
"""

import argparse
import statistics

import process_bench


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--titanlint", required=True)
    parser.add_argument("--measure", required=True)
    parser.add_argument("--corpus", action="append", required=True, help="NAME=PATH")
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    process_bench.MEASURE = args.measure

    for spec in args.corpus:
        name, path = spec.split("=", 1)
        commands = {
            "lint text": [args.titanlint, path, "--format", "text", "--color", "never"],
            "lint gcc": [args.titanlint, path, "--format", "gcc"],
            "fix --diff": [args.titanlint, "fix", "--diff", "-q", path],
        }
        names = list(commands)
        wall = {n: [] for n in names}
        cpu = {n: [] for n in names}
        ratios = {n: [] for n in names if n != "fix --diff"}
        for round_index in range(args.runs):
            order = names[round_index % len(names):] + names[: round_index % len(names)]
            this_round = {}
            for n in order:
                w, c, _, _ = process_bench.run(commands[n])
                wall[n].append(w)
                cpu[n].append(c)
                this_round[n] = w
            for n in ratios:
                ratios[n].append(this_round["fix --diff"] / this_round[n])
        print(f"{name}: {path}, {args.runs} rounds")
        for n in names:
            print(
                f"  {n:11} wall {statistics.median(wall[n]) * 1000:7.1f} ms "
                f"({process_bench.spread(wall[n], 1000)}), "
                f"cpu {statistics.median(cpu[n]) * 1000:7.1f} ms"
            )
        for n, values in ratios.items():
            print(
                f"  fix --diff / {n}: x {statistics.median(values):.2f} "
                f"({process_bench.spread(values, 1, '{:.2f}')})"
            )


if __name__ == "__main__":
    main()
