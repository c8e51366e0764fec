"""Typo tolerance for the catalogue search, pure Python (no Django).

The matching engine already folds spelling variants ("kripik" -> "keripik") and stems; what it
does not forgive is a slip of the thumb ("pisnag", "kerupik"). Each query token the index does
not know is replaced by the known token closest to it (one edit for short words, two for long
ones, a swap of neighbours counting as one), the most frequent on a tie."""

from collections.abc import Iterable, Mapping


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance of `a` and `b`, or `limit + 1` once it exceeds `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        best = cur[0]
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
            best = min(best, cur[j])
        if best > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def allowed_edits(token: str) -> int:
    if len(token) < 4 or token.isdigit():
        return 0
    return 1 if len(token) < 8 else 2


def correct_token(token: str, vocabulary: Mapping[str, int]) -> str | None:
    """The known token nearest to `token` within its allowed edits (None if none is)."""
    limit = allowed_edits(token)
    if not limit:
        return None
    best: tuple[int, int, str] | None = None
    for known, frequency in vocabulary.items():
        if abs(len(known) - len(token)) > limit or known[:1] != token[:1] and len(token) < 6:
            continue
        d = edit_distance(token, known, limit)
        if d <= limit:
            key = (d, -frequency, known)
            if best is None or key < best:
                best = key
    return best[2] if best else None


def corrected(tokens: Iterable[str], vocabulary: Mapping[str, int]) -> tuple[list[str], bool]:
    """`tokens` with each unknown one replaced by its nearest known token; and whether any was."""
    out: list[str] = []
    changed = False
    for token in tokens:
        if token in vocabulary:
            out.append(token)
            continue
        fix = correct_token(token, vocabulary)
        if fix is None:
            out.append(token)
        else:
            out.append(fix)
            changed = True
    return out, changed
