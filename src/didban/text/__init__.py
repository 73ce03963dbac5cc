"""Persian text repair (letters, digits, spacing, half-spaces) with a map back to the raw input.

>>> text, offsets = repair("نمیپردازم")
>>> text
'نمی\u200cپردازم'
"""

from __future__ import annotations

from didban.text.offsets import OffsetMap
from didban.text.repair import repair

__all__ = ["OffsetMap", "repair"]
