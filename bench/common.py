"""What the benches share: waiting for a server they started, and how they end (the
load average beside the figures: the machine is shared, and a figure means little without
it; with --json, the figures as the last line)."""

from __future__ import annotations

import json
import os
import time

import requests


def wait_for(url: str, attempts: int = 100) -> None:
    """Until `url` answers (a server process starting)."""
    for _ in range(attempts):
        try:
            if requests.get(url, timeout=1).ok:
                return
        except requests.ConnectionError:
            time.sleep(0.2)


def close(figures: dict, as_json: bool) -> None:
    figures["load_average_1m"] = round(os.getloadavg()[0], 2)
    print(f"load average: {figures['load_average_1m']}")
    if as_json:
        print(json.dumps(figures))
