#!/usr/bin/env python3
"""The longest UI event-loop stall of a full GUI flow, for scripts/bench, against an idle event
loop beside it (bench/idle_stall) for exactly the same time.

The full GUI flow is the ui tier's tst_window_everyday: the real MainWindow, offscreen, against the
sandbox that scripts/bench started, with the scripted person in the browser seam (sign-in,
accounts, transfer with step-up, double click, statements, cancel, denial, restore, sign-out…).
Its StallWatchdog (10 ms ticks) reports the longest lateness over the whole run. idle_stall runs
the same watchdog in an otherwise idle process during the same run, so both see the same load
from the sandbox and the browser: the baseline is what the machine alone costs.
Run inside scripts/with-test-session. Prints nothing but errors; writes the results as JSON.
"""
import argparse
import json
import os
import pathlib
import re
import subprocess
import sys

STALL = re.compile(r"StallWatchdog: longest event-loop stall over the whole run: (\d+) ms "
                   r"\((\d+) ticks\)")
TOTALS = re.compile(r"Totals: (\d+) passed, (\d+) failed")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ui-test", required=True, help="tests/ui/tst_window_everyday")
    ap.add_argument("--idle", required=True, help="bench/idle_stall")
    ap.add_argument("--issuer", required=True)
    ap.add_argument("--api", required=True)
    ap.add_argument("--admin", required=True)
    ap.add_argument("--log", required=True, help="where tst_window_everyday's output goes")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", FABRIKAM_SANDBOX_ISSUER=args.issuer,
               FABRIKAM_SANDBOX_API=args.api, FABRIKAM_SANDBOX_ADMIN=args.admin,
               FABRIKAM_REQUIRE_KEYRING="1")
    idle = subprocess.Popen([args.idle], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    with open(args.log, "w") as log:
        ui = subprocess.run([args.ui_test], env=env, stdout=log, stderr=subprocess.STDOUT,
                            check=False)
    baseline, _ = idle.communicate(timeout=30)  # closing its input ends it

    text = pathlib.Path(args.log).read_text(errors="replace")
    stall, totals = STALL.search(text), TOTALS.search(text)
    if not stall or not totals:
        sys.exit(f"ui_stall: tst_window_everyday did not finish (exit {ui.returncode}); see {args.log}")
    pathlib.Path(args.out).write_text(json.dumps({
        "ui_longest_ms": int(stall.group(1)), "ui_ticks": int(stall.group(2)),
        "ui_passed": int(totals.group(1)), "ui_failed": int(totals.group(2)),
        "idle": json.loads(baseline),
    }, indent=2))


if __name__ == "__main__":
    main()
