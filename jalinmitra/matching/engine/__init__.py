"""The matching engine: pure Python, no Django.

from jalinmitra.matching.engine import Matcher, Offer, Need, analyze
"""

from .matcher import WEIGHTS, Matcher
from .model import Certification, Match, Need, NeedMatch, Offer, Price
from .text import Lexicon, analyze, stem
from .units import Quantity, UnitError, parse_quantity

__all__ = [
    "WEIGHTS",
    "Certification",
    "Lexicon",
    "Match",
    "Matcher",
    "Need",
    "NeedMatch",
    "Offer",
    "Price",
    "Quantity",
    "UnitError",
    "analyze",
    "parse_quantity",
    "stem",
]
