"""The CJK font the pictures and PDFs are drawn with: Noto Sans CJK (SIL Open Font Licence),
installed from PyPI with the project (package ``noto-cjk-sans-otc``, one OpenType collection
whose Simplified Chinese face also covers Latin text).

ICPBOT_CJK_FONT names another font file (e.g. Debian's fonts-noto-cjk collection,
/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc) if the package is not installed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

FONT_VARIABLE = "ICPBOT_CJK_FONT"
PACKAGE = "noto_cjk_sans_otc"
COLLECTION = "NotoSansCJK-Regular.ttc"
SIMPLIFIED_CHINESE = 2  # the face index of "Noto Sans CJK SC" in the collection
DEBIAN = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


class FontMissing(RuntimeError):
    """No CJK font: install the project's dependencies (make setup) or set ICPBOT_CJK_FONT."""


@dataclass(frozen=True)
class FontFile:
    path: Path
    index: int  # the face within a collection (.ttc), 0 for a single font


@cache
def cjk_font() -> FontFile:
    given = os.environ.get(FONT_VARIABLE)
    if given:
        path = Path(given)
        return FontFile(path, SIMPLIFIED_CHINESE if path.name == COLLECTION else 0)
    try:
        packaged = Path(str(resources.files(PACKAGE).joinpath(COLLECTION)))
    except ModuleNotFoundError:
        packaged = DEBIAN
    if not packaged.exists():
        raise FontMissing(f"no CJK font at {packaged}; run `make setup` or set {FONT_VARIABLE}")
    return FontFile(packaged, SIMPLIFIED_CHINESE)
