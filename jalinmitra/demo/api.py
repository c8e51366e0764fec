"""Demo API tokens for `python manage.py demo` (issue 16): the city portal's and the province's,
with known secrets like the demo logins' passwords, so a developer can try /api/v1/docs at once.
Through the real service (audited). Idempotent: a token that exists by name is kept."""

from __future__ import annotations

from jalinmitra.accounts.models import User
from jalinmitra.api.choices import READ_ALL, Institution, Scope
from jalinmitra.api.models import ApiToken
from jalinmitra.api.services import token_create
from jalinmitra.demo.data import DEMO_YEAR

DEMO_TOKENS = [
    ("Portal Kota Metro (demo)", Institution.CITY, READ_ALL, f"jm_demo-kota-{DEMO_YEAR}-portal"),
    (
        "Provinsi Lampung (demo)",
        Institution.PROVINCE,
        [Scope.READ_STATISTICS],
        f"jm_demo-provinsi-{DEMO_YEAR}-rekap",
    ),
]


def api_demo_create(*, officer: User) -> int:
    made = 0
    for name, institution, scopes, secret in DEMO_TOKENS:
        if ApiToken.objects.filter(name=name).exists():
            continue
        token_create(
            actor=officer,
            name=name,
            institution=institution,
            user=officer,
            scopes=list(scopes),
            secret=secret,
        )
        made += 1
    return made
