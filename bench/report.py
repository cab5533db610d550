#!/usr/bin/env python3
"""Prints scripts/bench's table: name, median, unit, ratio vs the group's baseline.

  report.py MICRO.json CLI.json
MICRO.json: bench_idtoken --benchmark_format=json with repetitions (median CPU time per op);
CLI.json: bench/cli_cpu.py (CPU ms of each CLI process). Both come from the same run.
"""
import json
import statistics
import sys

MICRO_BASELINE = "BM_RawRs256Verify"
MICRO_NAMES = {
    "BM_ValidateIdToken": "validateIdToken, RS256, warm 2-key JWKS",
    "BM_RawRs256Verify": "raw OpenSSL RS256 verify (floor)",
    "BM_JwksParse": "JsonWebKeySet::parse, 2 RSA keys",
    "BM_ParseCompactJws": "parseCompactJws",
}
CLI_BASELINE = "cli --version"
TO_US = {"ns": 1e-3, "us": 1.0, "ms": 1e3, "s": 1e6}


def main():
    micro = json.load(open(sys.argv[1]))
    cli = json.load(open(sys.argv[2]))

    medians = {b["run_name"]: b["cpu_time"] * TO_US[b["time_unit"]]
               for b in micro["benchmarks"] if b.get("aggregate_name") == "median"}
    reps = next(b["repetitions"] for b in micro["benchmarks"] if "repetitions" in b)
    cli_medians = {k: statistics.median(v) for k, v in cli["samples_ms"].items()}

    # A heading is a string; a row is (name, median, unit, ratio vs the group's baseline).
    rows = [f"ID token: Google Benchmark, CPU time per op, median of {reps} repetitions"]
    rows += [(MICRO_NAMES.get(name, name), value, "µs", value / medians[MICRO_BASELINE])
             for name, value in medians.items()]
    rows += [f"fabrikam-cli: user+sys CPU of the CLI process, median of {cli['runs']} runs"]
    rows += [(name, value, "ms", value / cli_medians[CLI_BASELINE])
             for name, value in cli_medians.items()]

    width = max(len(row[0]) for row in rows if isinstance(row, tuple)) + 2
    print(f"{'name':<{width}}{'median':>10}  {'unit':<4}{'ratio':>8}")
    for row in rows:
        if isinstance(row, str):
            print(f"-- {row}")
        else:
            name, value, unit, ratio = row
            print(f"{name:<{width}}{value:>10.1f}  {unit:<4}{ratio:>7.2f}x")
    print(f"ratios: ID-token rows vs raw RS256 verify; CLI rows vs `{CLI_BASELINE}`.")
    print("wall time (median, incl. the scripted browser): " + ", ".join(
        f"{k} {v:.2f} s" for k, v in cli["median_wall_s"].items()))


if __name__ == "__main__":
    main()
