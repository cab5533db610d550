#!/usr/bin/env python3
"""Prints scripts/bench's table: name, median, unit, ratio vs the group's baseline.

  report.py MICRO.json CLI.json [--gui GUI.json] [--stall STALL.json]
MICRO.json: bench_idtoken --benchmark_format=json with repetitions (median CPU time per op);
CLI.json: bench/cli_cpu.py (CPU ms of each CLI process); GUI.json: bench/gui_start.py (time to
the first mapped window and RSS then, for the app, KeePassXC and an empty Qt window);
STALL.json: bench/ui_stall.py (longest event-loop stall of the GUI flow and of an idle loop
beside it). All come from the same run.
"""
import argparse
import json
import statistics

MICRO_BASELINE = "BM_RawRs256Verify"
MICRO_NAMES = {
    "BM_ValidateIdToken": "validateIdToken, RS256, warm 2-key JWKS",
    "BM_RawRs256Verify": "raw OpenSSL RS256 verify (floor)",
    "BM_JwksParse": "JsonWebKeySet::parse, 2 RSA keys",
    "BM_ParseCompactJws": "parseCompactJws",
}
CLI_BASELINE = "cli --version"
GUI_PEER = "keepassxc"
GUI_NAMES = {
    "fabrikam-desktop": "fabrikam-desktop",
    "keepassxc": "KeePassXC (Debian, peer)",
    "empty_window": "empty Qt 6 QMainWindow (floor)",
}
TO_US = {"ns": 1e-3, "us": 1.0, "ms": 1e3, "s": 1e6}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("micro")
    ap.add_argument("cli")
    ap.add_argument("--gui")
    ap.add_argument("--stall")
    args = ap.parse_args()
    micro = json.load(open(args.micro))
    cli = json.load(open(args.cli))

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
    notes = []
    if args.gui:
        gui = json.load(open(args.gui))
        ms = {k: statistics.median(v["ms"]) for k, v in gui["samples"].items()}
        mib = {k: statistics.median(v["rss_kib"]) / 1024 for k, v in gui["samples"].items()}
        rows += [f"start-up under Xvfb: process start to first mapped window, median of "
                 f"{gui['runs']} runs"]
        rows += [(GUI_NAMES.get(k, k), v, "ms", v / ms[GUI_PEER]) for k, v in ms.items()]
        rows += ["resident memory (VmRSS) at the first mapped window, same runs"]
        rows += [(GUI_NAMES.get(k, k), v, "MiB", v / mib[GUI_PEER]) for k, v in mib.items()]
        notes.append("ratios: start-up and memory rows vs KeePassXC, started the same way in the "
                     "same run")
    if args.stall:
        stall = json.load(open(args.stall))
        ui, idle = stall["ui_longest_ms"], stall["idle"]["longest_ms"]
        rows += ["longest event-loop stall, one full GUI flow (tst_window_everyday, offscreen), vs an "
                 "idle loop beside it"]
        # An idle loop that was never late (0 ms) leaves no ratio to give.
        rows += [("fabrikam-desktop, full GUI flow", ui, "ms", ui / idle if idle else float("nan")),
                 ("idle event loop, same time (baseline)", idle, "ms",
                  1.0 if idle else float("nan"))]
        if stall["ui_failed"]:
            notes.append(f"warning: the GUI flow had {stall['ui_failed']} failing test functions "
                         f"({stall['ui_passed']} passed): its stall figure covers a partial flow")

    width = max(len(row[0]) for row in rows if isinstance(row, tuple)) + 2
    print(f"{'name':<{width}}{'median':>10}  {'unit':<4}{'ratio':>8}")
    for row in rows:
        if isinstance(row, str):
            print(f"-- {row}")
        else:
            name, value, unit, ratio = row
            print(f"{name:<{width}}{value:>10.1f}  {unit:<4}{ratio:>7.2f}x")
    print(f"ratios: ID-token rows vs raw RS256 verify; CLI rows vs `{CLI_BASELINE}`.")
    for note in notes:
        print(f"{note}.")
    print("wall time (median, incl. the scripted browser): " + ", ".join(
        f"{k} {v:.2f} s" for k, v in cli["median_wall_s"].items()))


if __name__ == "__main__":
    main()
