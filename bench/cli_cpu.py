#!/usr/bin/env python3
"""CPU time (user + sys) of fabrikam-cli processes against a running sandbox, for scripts/bench.

Run inside scripts/with-test-session (the CLI keeps its session in the keychain). Each run is a
fresh browser profile, config dir and CLI profile; the users rotate because a step-up uses one TOTP
code and each code is accepted once (the scripted browser waits for the next step if it must).
The times come from wait4() on the CLI process: the scripted browser is started with
QProcess::startDetached, so it is not a waited-for child of the CLI and is not counted; nor is
the sandbox. The baseline, `fabrikam-cli --version` (process start and Qt init), is measured
interleaved with the flows. Prints nothing but errors; writes the samples (ms) as JSON.
"""
import argparse
import json
import os
import pathlib
import statistics
import sys
import tempfile
import time

USERS = ["dave", "erin", "frank", "grace"]  # TOTP-enrolled demo users (sandbox/README.md)


def measure(argv, env, workdir, label):
    """Runs argv to completion; returns (cpu_ms, wall_s, stdout). Exits on a non-zero status."""
    out_path, err_path = workdir / f"{label}.out", workdir / f"{label}.err"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        started = time.monotonic()
        pid = os.posix_spawn(argv[0], argv, env, file_actions=[
            (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
            (os.POSIX_SPAWN_DUP2, out.fileno(), 1),
            (os.POSIX_SPAWN_DUP2, err.fileno(), 2),
        ])
        _, status, usage = os.wait4(pid, 0)
        wall = time.monotonic() - started
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.stderr.write(f"cli_cpu: {label} exited with {code}:\n{err_path.read_text()}\n")
        sys.exit(1)
    return (usage.ru_utime + usage.ru_stime) * 1000.0, wall, out_path.read_bytes()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cli", required=True)
    ap.add_argument("--browser", required=True, help="sandbox/test/support/scripted-browser.js")
    ap.add_argument("--issuer", required=True)
    ap.add_argument("--api", required=True)
    ap.add_argument("--admin", required=True)
    ap.add_argument("--data", required=True, help="the sandbox's data folder (used TOTP steps)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    samples = {"cli --version": [], "cli login": [], "cli transfer": [], "cli login + transfer": []}
    walls = {"cli login": [], "cli transfer": []}
    with tempfile.TemporaryDirectory(prefix="fabrikam-bench-cli-") as tmp:
        base_env = dict(os.environ, BROWSER=args.browser, FABRIKAM_SANDBOX_ADMIN=args.admin,
                        FABRIKAM_SANDBOX_DATA=args.data)
        measure([args.cli, "--version"], base_env, pathlib.Path(tmp), "warm-up")  # page cache
        for i in range(args.runs):
            user, profile = USERS[i % len(USERS)], f"bench-{i}"
            work = pathlib.Path(tmp, f"run-{i}")
            profiles = work / "config" / "Fabrikam" / "Fabrikam Desktop" / "profiles"
            profiles.mkdir(parents=True)
            (profiles / f"{profile}.json").write_text("{}")  # the sandbox defaults
            env = dict(base_env, XDG_CONFIG_HOME=str(work / "config"), FABRIKAM_PERSON_USER=user,
                       FABRIKAM_PERSON_PROFILE=str(work / "browser"))
            cli = [args.cli, "--profile", profile, "--issuer", args.issuer,
                   "--api-base-url", args.api, "--timeout", "120"]

            version, _, _ = measure([args.cli, "--version"], env, work, "version")
            login, login_wall, _ = measure(cli + ["login", "--json"], env, work, "login")
            transfer, transfer_wall, out = measure(
                cli + ["transfer", "--from", f"acc-{user}-chk", "--to", f"acc-{user}-sav",
                       "--amount", "1.00", "--memo", "bench", "--json"], env, work, "transfer")
            if json.loads(out).get("replayed") is not False:
                sys.exit(f"cli_cpu: run {i}: the transfer did not go through: {out!r}")
            samples["cli --version"].append(version)
            samples["cli login"].append(login)
            samples["cli transfer"].append(transfer)
            samples["cli login + transfer"].append(login + transfer)
            walls["cli login"].append(login_wall)
            walls["cli transfer"].append(transfer_wall)

    pathlib.Path(args.out).write_text(json.dumps({
        "runs": args.runs, "samples_ms": samples,
        "median_wall_s": {k: statistics.median(v) for k, v in walls.items()},
    }, indent=2))


if __name__ == "__main__":
    main()
