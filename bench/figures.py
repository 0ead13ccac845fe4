"""What every bench ends with: the load average beside its figures (the machine is
shared, and a figure means little without it) and, with --json, the figures as the last
line."""

from __future__ import annotations

import json
import os


def close(figures: dict, as_json: bool) -> None:
    figures["load_average_1m"] = round(os.getloadavg()[0], 2)
    print(f"load average: {figures['load_average_1m']}")
    if as_json:
        print(json.dumps(figures))
