"""Content loading: cold and warm `load_decks` against raw `yaml.load(CSafeLoader)`."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import PYTHON, Row, median_time
from gen_decks import generate

WORK = Path(tempfile.gettempdir()) / "studyapp-bench"

_PEAK = """
import glob, json, sys
mode, folder = sys.argv[1], sys.argv[2]
if mode == "raw":
    import yaml
    kept = []  # kept, as a loader would keep what it loaded
    for name in sorted(glob.glob(folder + "/*.yaml")):
        with open(name, "rb") as handle:
            kept.append(yaml.load(handle.read(), Loader=yaml.CSafeLoader))
else:
    from studyapp.decks import load_decks
    result = load_decks([folder])
    assert result.ok and result.decks
# VmHWM is the peak of this program alone; ru_maxrss would include the parent's peak
# from before exec.
with open("/proc/self/status") as status:
    peak_kib = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print(json.dumps(peak_kib / 1024))
"""


def _peak_mib(mode: str, folder: Path) -> float:
    out = subprocess.run(
        [PYTHON, "-c", _PEAK, mode, str(folder)], capture_output=True, text=True, check=True
    ).stdout
    return float(json.loads(out))


def _sizes(quick: bool) -> list[int]:
    return [2_000] if quick else [10_000, 100_000]


def run(quick: bool = False) -> list[Row]:
    """Cold and warm load against raw PyYAML, and peak memory of the largest load."""
    import yaml

    from studyapp.decks import load_decks

    rows: list[Row] = []
    repeat = 3 if quick else 5
    for size in _sizes(quick):
        folder = generate(WORK / f"decks-{size}", size)
        files = sorted(folder.glob("*.yaml"))

        def raw(files: list[Path] = files) -> None:
            for file in files:
                yaml.load(file.read_bytes(), Loader=yaml.CSafeLoader)

        def cold(folder: Path = folder) -> None:
            result = load_decks([folder])
            assert result.ok

        cache = Path(tempfile.mkdtemp(prefix="studyapp-bench-cache-"))
        load_decks([folder], cache_dir=cache)

        def warm(folder: Path = folder, cache: Path = cache) -> None:
            result = load_decks([folder], cache_dir=cache)
            assert result.ok

        times = {name: 0.0 for name in ("raw", "cold", "warm")}
        # Interleave the three so a burst of machine noise hits each alike.
        samples: dict[str, list[float]] = {name: [] for name in times}
        for _ in range(repeat):
            for name, fn in (("raw", raw), ("cold", cold), ("warm", warm)):
                samples[name].append(median_time(fn, repeat=1, warmup=0))
        times = {name: sorted(values)[len(values) // 2] for name, values in samples.items()}
        label = f"{size:,} items"
        rows.append(
            Row(
                "content loading",
                f"cold load, {label}",
                times["cold"],
                "s",
                "yaml.load(CSafeLoader)",
                times["raw"],
                1.0,
            )
        )
        rows.append(
            Row(
                "content loading",
                f"warm load (cache hit), {label}",
                times["warm"],
                "s",
                "cold load",
                times["cold"],
                0.10,
            )
        )
    largest = _sizes(quick)[-1]
    folder = WORK / f"decks-{largest}"
    rows.append(
        Row(
            "content loading",
            f"peak memory, load of {largest:,} items",
            _peak_mib("load", folder),
            "MiB",
            "peak memory, yaml.load of the same files (results kept)",
            _peak_mib("raw", folder),
        )
    )
    return rows


if __name__ == "__main__":
    for row in run(quick="--quick" in sys.argv):
        print(row.as_json())
