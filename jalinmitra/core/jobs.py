"""Background jobs speak the language of the person who started them.

A worker has no request, so it would write a job's progress messages and row errors in the
default language. The view that starts a job records the active language in ``job.result``
(:func:`language_mark`) and the task writes its messages inside :func:`in_job_language`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.utils import translation

LANG_KEY = "lang"


def language_mark(result: dict | None = None) -> dict:
    """``result`` plus the language active now (the starter's, inside a request)."""
    return {**(result or {}), LANG_KEY: translation.get_language() or settings.LANGUAGE_CODE}


@contextmanager
def in_job_language(job) -> Iterator[None]:
    lang = (job.result or {}).get(LANG_KEY) or settings.LANGUAGE_CODE
    with translation.override(lang):
        yield
