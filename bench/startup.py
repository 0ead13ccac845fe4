"""Benchmark: start-up time of the desktop program, from launch to the unlock window painted.

Starts `collector app` on a data folder holding a store (so the unlock window is the first
one), from source (`python -m collector`) and, when it has been built
(./scripts/package.sh), the packaged `dist/collector-VERSION/collector`, several times
each, and prints the median and range. The time runs from just before the process is
started to the moment the program prints that the unlock screen received its first paint
event (COLLECTOR_STARTUP_MARKER, collector/ui/startup.py), read from its stdout; the
process then quits by itself. Offscreen unless --display. Targets: < 2 s from source,
< 3 s packaged.

    python bench/startup.py [--runs N] [--display] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from collector import __version__  # noqa: E402
from collector.storage.store import Store  # noqa: E402
from collector.ui.startup import MARKER, MARKER_ENV  # noqa: E402

TARGET_SOURCE_S = 2.0
TARGET_PACKAGED_S = 3.0
TIMEOUT_S = 30


def launch_to_window(command: list[str], data_dir: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    process = subprocess.Popen(
        [*command, "app", "--data-dir", str(data_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    # A program that never shows the window (an old build without the marker) is ended.
    deadline = threading.Timer(TIMEOUT_S, process.kill)
    deadline.start()
    try:
        for line in process.stdout:
            if line.strip() == MARKER:
                elapsed = time.perf_counter() - started
                break
        else:
            raise RuntimeError(f"{command[0]} showed no unlock window within {TIMEOUT_S} s")
        process.wait(timeout=TIMEOUT_S)
        return elapsed
    finally:
        deadline.cancel()
        if process.poll() is None:
            process.kill()
            process.wait()


def measure(
    key: str, command: list[str], data_dir: Path, env: dict, runs: int, target_s: float
) -> dict:
    """Figures `KEY_median_s` etc. of launches after one warm-up (which fills the OS file
    cache), with the target and whether the median meets it, also printed."""
    launch_to_window(command, data_dir, env)
    times = [launch_to_window(command, data_dir, env) for _ in range(runs)]
    median = statistics.median(times)
    met = median < target_s
    print(
        f"{key}: median {median:.2f} s (min {min(times):.2f}, max {max(times):.2f}, "
        f"{runs} runs after one warm-up); target < {target_s} s: {'met' if met else 'MISSED'}"
    )
    return {
        f"{key}_median_s": round(median, 3),
        f"{key}_min_s": round(min(times), 3),
        f"{key}_max_s": round(max(times), 3),
        f"{key}_target_s": target_s,
        f"{key}_target_met": met,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--display", action="store_true", help="on the real display")
    parser.add_argument("--json", action="store_true", help="end with one JSON line of figures")
    args = parser.parse_args()

    env = dict(os.environ, **{MARKER_ENV: "quit"})
    if not args.display:
        env["QT_QPA_PLATFORM"] = "offscreen"
    packaged = ROOT / "dist" / f"collector-{__version__}" / "collector"
    figures: dict = {"runs": args.runs, "platform": env.get("QT_QPA_PLATFORM", "display")}
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder) / "data"
        Store.create(data_dir, "bench password").close()
        env["XDG_STATE_HOME"] = str(Path(folder) / "state")  # the bench's logs stay here
        from_source = [sys.executable, "-m", "collector"]
        figures.update(measure("source", from_source, data_dir, env, args.runs, TARGET_SOURCE_S))
        if packaged.exists():
            built = [str(packaged)]
            figures.update(measure("packaged", built, data_dir, env, args.runs, TARGET_PACKAGED_S))
        else:
            print(f"packaged: not measured, {packaged} is not built (./scripts/package.sh)")
            figures.update(packaged_median_s=None, packaged_target_met=None)
    print(f"load average at the end: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    figures["load_average"] = round(os.getloadavg()[0], 2)
    if args.json:
        print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
