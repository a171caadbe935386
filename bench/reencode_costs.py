"""What re-encoding an uploaded photo costs, piece by piece (dialogs/inspect_files.py):
decode, EXIF transpose, encode with several JPEG settings, and the whole reencode_image, for
the engine benchmark's flat-colour 1280×960 JPEG and for a noisy one (a real photo's entropy).
Medians of N runs in ms; the encoded size in bytes.

    .venv/bin/python bench/reencode_costs.py [--runs 40]
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import Image, ImageOps, features

from dialogs.inspect_files import reencode_image
from tests.samples import photo

SETTINGS: dict[str, dict[str, Any]] = {
    "quality 90 (ours)": {"quality": 90},
    "quality 90, 4:4:4": {"quality": 90, "subsampling": 0},
    "quality 85": {"quality": 85},
    "quality 75": {"quality": 75},
    "quality 90, optimize": {"quality": 90, "optimize": True},
    "quality 90, progressive": {"quality": 90, "progressive": True},
}


def timed(action: Callable[[], object], runs: int) -> float:
    spent = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        spent.append(time.perf_counter() - start)
    return round(1000 * statistics.median(spent), 3)


def noisy(width: int = 1280, height: int = 960) -> bytes:
    grain = Image.effect_noise((width, height), 40).convert("RGB")
    light = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    out = io.BytesIO()
    Image.blend(grain, light, 0.5).save(out, "JPEG", quality=92)
    return out.getvalue()


def costs(data: bytes, runs: int) -> dict[str, Any]:
    def decode() -> Image.Image:
        image = Image.open(io.BytesIO(data), formats=["JPEG"])
        image.load()
        return image

    decoded = decode()
    report: dict[str, Any] = {"bytes": len(data), "decode_ms": timed(decode, runs)}
    report["exif_transpose_ms"] = timed(
        lambda: ImageOps.exif_transpose(decoded, in_place=True), runs)
    for name, options in SETTINGS.items():
        def encode(options: dict[str, Any] = options) -> int:
            out = io.BytesIO()
            decoded.save(out, "JPEG", **options)
            return len(out.getvalue())

        report[f"encode {name}"] = {"ms": timed(encode, runs), "bytes": encode()}
    report["reencode_image_ms (all of it)"] = timed(lambda: reencode_image(data, "JPEG"), runs)
    return report


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    report = {"pillow": Image.__version__, "libjpeg": features.version("jpg"),
              "libjpeg_turbo": features.check_feature("libjpeg_turbo"),
              "bench photo (flat colour)": costs(photo(tag="x"), args.runs),
              "noisy photo": costs(noisy(), max(5, args.runs // 4))}
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
