"""Side effects that must wait for the commit: mail and file deletion, one way each.

A change that rolls back sends no mail about itself and deletes no file it still refers to; a
mail server that is down never undoes a committed change (the failure is logged, the change
stands). Outside a transaction `on_commit` runs at once. Every sender and every service that
removes a stored file goes through here (docs/architecture.md).
"""

import logging
from collections.abc import Callable, Iterable, Mapping

from django.conf import settings
from django.core.files.storage import Storage, default_storage
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import translation

logger = logging.getLogger(__name__)


def mail_after_commit(messages: Iterable[EmailMessage], *, what: str = "notice") -> None:
    """Send `messages` once the current transaction commits; `what` names them in the log."""
    messages = [m for m in messages if m.to]
    if not messages:
        return

    def send() -> None:
        try:
            get_connection().send_messages(messages)
        except Exception:
            logger.exception("Sending %s %s(s) failed", len(messages), what)

    transaction.on_commit(send)


def send_mail_after_commit(*, subject: str, body: str, to: list[str], what: str = "notice") -> None:
    """One plain-text mail to `to`, sent after commit (see `mail_after_commit`)."""
    if to:
        mail_after_commit([EmailMessage(subject=subject, body=body, to=list(to))], what=what)


def mail_language(language: str | None) -> str:
    """A stored language if the site speaks it, else the site's own (Indonesian)."""
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def mails_by_language(
    to: Mapping[str, Iterable[str]], text: Callable[[], tuple[str, str]]
) -> list[EmailMessage]:
    """One mail per language: `to` maps a language to its addresses, `text()` gives the
    subject and body in the active language (it is called once per language, inside
    `translation.override`)."""
    messages = []
    for language in sorted(to):
        addresses = sorted(set(to[language]))
        if not addresses:
            continue
        with translation.override(language):
            subject, body = text()
        messages.append(EmailMessage(subject=subject, body=body, to=addresses))
    return messages


def send_mail_by_language_after_commit(
    *, to: Mapping[str, Iterable[str]], text: Callable[[], tuple[str, str]], what: str = "notice"
) -> None:
    """`mails_by_language`, sent after commit (see `mail_after_commit`)."""
    mail_after_commit(mails_by_language(to, text), what=what)


def delete_files_after_commit(names: Iterable[str], *, storage: Storage | None = None) -> None:
    """Remove these stored files once the rows that named them are gone for good."""
    names = [n for n in names if n]
    if not names:
        return
    storage = storage or default_storage

    def delete() -> None:
        for name in names:
            try:
                storage.delete(name)
            except Exception:
                logger.exception("Deleting stored file %s failed", name)

    transaction.on_commit(delete)
