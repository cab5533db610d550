#!/usr/bin/env python3
"""Start-up of fabrikam-desktop against its peer, for scripts/bench: time from process start to the
first mapped window and resident memory at that moment (bench/window_start), on one X display.

Run inside scripts/with-test-session and on an X server of its own (scripts/bench uses xvfb-run
-s -noreset): both programs find a session bus and an unlocked keyring, as on a desktop. Every
run starts each program with a fresh HOME and XDG directories (first start, no saved database or
session), one program after the other, in an order that rotates from run to run so that neither
always follows the other; one warm-up start of each (page cache) is not counted.

  fabrikam-desktop   the app with a profile whose provider is not contacted at start (nobody is
                     signed in, so nothing is restored)
  keepassxc          KeePassXC from Debian: also a Qt Widgets desktop app that talks to a
                     secret store, showing its welcome screen
  empty_window       an empty QMainWindow built like the app: the floor any Qt 6 program pays

Prints nothing but errors; writes the samples as JSON.
"""
import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile


def start(window_start, argv, home, timeout):
    """One start: a fresh HOME and XDG dirs under `home`; returns window_start's JSON object."""
    for sub in ("config", "data", "cache", "runtime"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    (home / "runtime").chmod(0o700)
    env = dict(os.environ, HOME=str(home), XDG_CONFIG_HOME=str(home / "config"),
               XDG_DATA_HOME=str(home / "data"), XDG_CACHE_HOME=str(home / "cache"),
               XDG_RUNTIME_DIR=str(home / "runtime"), QT_QPA_PLATFORM="xcb")
    done = subprocess.run([window_start, "--timeout", str(timeout), "--", *argv], env=env,
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"gui_start: {argv[0]}: window_start exited with {done.returncode}:\n"
                 f"{done.stderr}")
    return json.loads(done.stdout)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--window-start", required=True, help="bench/window_start")
    ap.add_argument("--app", required=True, help="fabrikam-desktop")
    ap.add_argument("--peer", required=True, help="keepassxc")
    ap.add_argument("--floor", required=True, help="bench/empty_window")
    ap.add_argument("--issuer", required=True, help="the profile's issuer (not contacted)")
    ap.add_argument("--api", required=True, help="the profile's API (not contacted)")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--timeout", type=float, default=30.0)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    if not os.environ.get("DISPLAY"):
        sys.exit("gui_start: no DISPLAY (scripts/bench runs this under xvfb-run)")

    programs = {
        "fabrikam-desktop": [args.app, "--profile", "bench"],
        "keepassxc": [args.peer],
        "empty_window": [args.floor],
    }
    names = list(programs)
    samples = {name: {"ms": [], "rss_kib": []} for name in names}
    with tempfile.TemporaryDirectory(prefix="fabrikam-bench-gui-") as tmp:
        def home_for(label):
            home = pathlib.Path(tmp, label)
            profiles = home / "config" / "Fabrikam" / "Fabrikam Desktop" / "profiles"
            profiles.mkdir(parents=True)
            (profiles / "bench.json").write_text(
                json.dumps({"issuer": args.issuer, "api_base_url": args.api}))
            return home

        for name in names:
            start(args.window_start, programs[name], home_for(f"warm-up-{name}"), args.timeout)
        for i in range(args.runs):
            order = names[i % len(names):] + names[:i % len(names)]
            for name in order:
                result = start(args.window_start, programs[name], home_for(f"run-{i}-{name}"),
                               args.timeout)
                samples[name]["ms"].append(result["ms"])
                samples[name]["rss_kib"].append(result["rss_kib"])

    pathlib.Path(args.out).write_text(json.dumps({"runs": args.runs, "samples": samples},
                                                 indent=2))


if __name__ == "__main__":
    main()
