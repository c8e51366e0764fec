"""Mail and file deletion wait for the commit (core/notify.py)."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import transaction

from jalinmitra.core.notify import delete_files_after_commit, send_mail_after_commit

pytestmark = pytest.mark.django_db


def _mail():
    send_mail_after_commit(subject="Uji", body="Isi", to=["pemilik@example.test"])


def test_mail_goes_after_the_commit(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            _mail()
            assert mailoutbox == []  # not yet: the change could still roll back
    assert [m.to for m in mailoutbox] == [["pemilik@example.test"]]


def test_no_mail_when_the_transaction_rolls_back(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            _mail()
            raise RuntimeError("refused later in the same service")
    assert callbacks == [] and mailoutbox == []


def test_a_mail_server_that_is_down_never_undoes_the_change(
    settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    with django_capture_on_commit_callbacks(execute=True):
        _mail()
    assert "failed" in caplog.text


def test_files_are_deleted_after_the_commit_and_kept_on_rollback(
    tmp_path, django_capture_on_commit_callbacks
):
    storage = FileSystemStorage(location=tmp_path)
    kept = storage.save("kept.pdf", ContentFile(b"%PDF"))
    gone = storage.save("gone.pdf", ContentFile(b"%PDF"))
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            delete_files_after_commit([kept], storage=storage)
            raise RuntimeError
        with transaction.atomic():
            delete_files_after_commit([gone], storage=storage)
            assert storage.exists(gone)
    assert storage.exists(kept) and not storage.exists(gone)
