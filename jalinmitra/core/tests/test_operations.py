"""A worker that dies, backups and their restore, the periodic command, the metrics page
(issue 14 items 5-7). The slow tests run the real commands in subprocesses on a migrated
SQLite file of their own."""

import hashlib
import http.client
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from jalinmitra.core import jobs
from jalinmitra.core.models import AuditLog, Job

ROOT = Path(settings.BASE_DIR)


def _stale(job: Job) -> None:
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING, updated_at=timezone.now() - timedelta(hours=1)
    )
    job.refresh_from_db()


@pytest.fixture
def probe_job(officer, django_capture_on_commit_callbacks):
    job = jobs.job_start(kind="probe", owner=officer, title="Uji", total=3)
    jobs.job_enqueue(job, "jalinmitra.core.tasks.probe", job.pk, 3)
    jobs.job_running(job, message="mulai", total=3)
    jobs.job_progress(job, 1, "satu")
    return job


@pytest.mark.django_db
def test_stale_job_page_shows_failed_without_writing(client_of, officer, probe_job):
    _stale(probe_job)
    before = probe_job.updated_at
    response = client_of(officer).get(reverse("core:job", args=[probe_job.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "pekerja latar belakang mati" in text
    assert reverse("core:job_restart", args=[probe_job.pk]) in text
    probe_job.refresh_from_db()
    assert probe_job.status == Job.Status.RUNNING and probe_job.updated_at == before


@pytest.mark.django_db
def test_fresh_running_job_is_not_stale(probe_job):
    assert not jobs.job_is_stale(probe_job)
    assert jobs.jobs_fail_stale() == 0


@pytest.mark.django_db
def test_jobs_check_records_stale_jobs_and_restart(client_of, officer, probe_job):
    _stale(probe_job)
    assert jobs.jobs_fail_stale() == 1
    probe_job.refresh_from_db()
    assert probe_job.status == Job.Status.FAILED
    assert probe_job.result[jobs.WORKER_DIED] is True
    assert "pekerja latar belakang mati" in probe_job.message
    assert AuditLog.objects.filter(action="job.fail_stale", object_id=str(probe_job.pk)).exists()
    old_task = probe_job.task_result_id

    response = client_of(officer).post(reverse("core:job_restart", args=[probe_job.pk]))
    assert response.status_code == 302
    probe_job.refresh_from_db()
    assert probe_job.status == Job.Status.QUEUED and probe_job.done == 0
    assert probe_job.task_result_id != old_task
    assert jobs.WORKER_DIED not in probe_job.result
    assert AuditLog.objects.filter(action="job.restart").count() == 1


@pytest.mark.django_db
def test_restart_refused_to_non_officer_and_for_a_job_that_failed_on_its_input(
    officer, alice, probe_job
):
    owner, _b = alice
    _stale(probe_job)
    with pytest.raises(PermissionDenied):
        jobs.job_restart(actor=owner, job=probe_job)
    other = jobs.job_start(kind="import", owner=officer, title="t")
    jobs.job_fail(other, message="baris 2 salah", result={"errors": [1]})
    with pytest.raises(ValidationError) as e:
        jobs.job_restart(actor=officer, job=other)
    assert e.value.code == "state"


@pytest.mark.django_db
def test_metrics_page_for_admins_only(
    client_of, city_admin, officer, probe_job, settings, tmp_path
):
    settings.BACKUP_DIR = tmp_path
    (tmp_path / "jalinmitra-20260101-000000.tar.gz").write_bytes(b"x")
    _stale(probe_job)
    assert client_of(officer).get(reverse("core:metrics")).status_code == 403
    data = client_of(city_admin).get(reverse("core:metrics") + "?format=json").json()
    assert data["jobs"]["stale"] == 1 and data["jobs"]["running"] == 1
    assert data["last_backup"]["file"] == "jalinmitra-20260101-000000.tar.gz"
    assert client_of(city_admin).get(reverse("core:metrics")).status_code == 200


# --- real processes ----------------------------------------------------------------------


def _env(db: Path, media: Path, **extra) -> dict:
    return {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{db}",
        "MEDIA_ROOT": str(media),
        "BACKUP_DIR": str(db.parent / "backups"),
        **extra,
    }


def _manage(env, *args, timeout=180) -> str:
    out = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert out.returncode == 0, f"{args}: {out.stderr[-3000:]}"
    return out.stdout


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A migrated SQLite file with a superuser and an upload, shared by the slow tests."""
    base = tmp_path_factory.mktemp("site")
    db, media = base / "db.sqlite3", base / "media"
    (media / "offers").mkdir(parents=True)
    (media / "offers" / "foto.jpg").write_bytes(os.urandom(2048))
    (media / "agreements" / "PK-1").mkdir(parents=True)
    (media / "agreements" / "PK-1" / "signed.pdf").write_bytes(b"%PDF-1.7 " + os.urandom(512))
    env = _env(db, media)
    _manage(env, "migrate", "--noinput", "-v0", timeout=300)
    _manage(
        env,
        "shell",
        "-c",
        "from jalinmitra.accounts.models import User; "
        "User.objects.create_superuser('root', 'root@example.test', 'x', role='admin')",
    )
    return db, media


def _job_row(db: Path, pk: int) -> tuple[str, int, str]:
    with sqlite3.connect(db, timeout=20) as conn:
        return conn.execute(
            "SELECT status, done, result FROM core_job WHERE id=?", (pk,)
        ).fetchone()


def test_killed_worker_is_noticed_and_the_job_runs_again(site):
    db, media = site
    env = _env(db, media, JOB_STALE_SECONDS="2")
    pk = int(_manage(env, "job_probe", "--seconds", "30").strip())
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.time() + 180  # generous: the machine may be busy
        while time.time() < deadline and _job_row(db, pk)[1] < 1:
            time.sleep(0.3)
        status, done, _result = _job_row(db, pk)
        assert status == "running" and done >= 1
    finally:
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    time.sleep(3)  # longer than JOB_STALE_SECONDS without progress
    out = _manage(env, "jobs_check")
    assert out.startswith("1 pekerjaan"), out
    status, _done, result = _job_row(db, pk)
    assert status == "failed" and '"worker_died": true' in result

    # The officer starts it again (here a shorter run), and a new worker finishes it.
    _manage(
        env,
        "shell",
        "-c",
        "from jalinmitra.core.models import Job; from jalinmitra.core.jobs import job_restart; "
        "from jalinmitra.accounts.models import User; "
        f"job_restart(actor=User.objects.get(username='root'), job=Job.objects.get(pk={pk}))",
    )
    with sqlite3.connect(db, timeout=60) as conn:  # make the second run short: 30 s -> 1 s
        conn.execute(
            "UPDATE django_tasks_database_dbtaskresult SET args_kwargs=? WHERE status='READY'",
            (f'{{"args": [{pk}, 1], "kwargs": {{}}}}',),
        )
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.time() + 180
        while time.time() < deadline and _job_row(db, pk)[0] != "done":
            time.sleep(0.3)
        assert _job_row(db, pk)[0] == "done"
    finally:
        worker.terminate()
        worker.wait(timeout=20)


def _counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}


def _hashes(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


def test_backup_restore_round_trip(site, tmp_path):
    db, media = site
    env = _env(db, media)
    backup_dir = db.parent / "backups"
    for stamp in ("20250101-000000", "20250102-000000", "20250103-000000"):
        backup_dir.mkdir(exist_ok=True)
        (backup_dir / f"jalinmitra-{stamp}.tar.gz").write_bytes(b"old")
    out = _manage(env, "backup", "--keep", "2")
    archive = Path(out.split()[1])
    assert archive.exists() and archive.stat().st_mode & 0o777 == 0o600
    kept = sorted(p.name for p in backup_dir.glob("jalinmitra-*.tar.gz"))
    assert len(kept) == 2 and archive.name in kept  # the newest two

    restored_db, restored_media = tmp_path / "restored.sqlite3", tmp_path / "media"
    renv = _env(restored_db, restored_media)
    out = _manage(renv, "restore", str(archive))
    assert "sama dengan arsip" in out
    original = _counts(db)
    assert sum(original.values()) > 100  # migrations, KBLI, regions, the superuser
    assert _counts(restored_db) == original
    assert _hashes(restored_media) == _hashes(media)

    # Never onto a database that has data.
    refused = subprocess.run(
        [sys.executable, "manage.py", "restore", str(archive)],
        cwd=ROOT,
        env=renv,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert refused.returncode != 0 and "not empty" in refused.stderr


def _pg_admin():
    import psycopg

    return psycopg.connect(
        "postgresql://postgres@127.0.0.1:5432/postgres", connect_timeout=3, autocommit=True
    )


def _pg_ready() -> bool:
    import shutil

    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        return False
    try:
        _pg_admin().close()
        return True
    except Exception:
        return False


def _pg_counts(name: str) -> dict[str, int]:
    import psycopg

    with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{name}") as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        return {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}


@pytest.mark.skipif(not _pg_ready(), reason="no PostgreSQL server or pg_dump here")
def test_backup_restore_round_trip_on_postgresql(tmp_path):
    suffix = os.urandom(4).hex()
    source, target = f"jm_backup_src_{suffix}", f"jm_backup_dst_{suffix}"
    admin = _pg_admin()
    admin.execute(f'CREATE DATABASE "{source}"')
    admin.execute(f'CREATE DATABASE "{target}"')
    try:
        media = tmp_path / "media"
        (media / "city").mkdir(parents=True)
        (media / "city" / "logo.png").write_bytes(os.urandom(1024))
        env = {
            **_env(tmp_path / "unused.sqlite3", media),
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{source}",
        }
        _manage(env, "migrate", "--noinput", "-v0", timeout=300)
        archive = Path(_manage(env, "backup", "--dir", str(tmp_path / "b")).split()[1])
        restored_media = tmp_path / "media2"
        renv = {
            **_env(tmp_path / "unused.sqlite3", restored_media),
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{target}",
        }
        assert "sama dengan arsip" in _manage(renv, "restore", str(archive))
        original = _pg_counts(source)
        assert sum(original.values()) > 100
        assert _pg_counts(target) == original
        assert _hashes(restored_media) == _hashes(media)
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{source}" WITH (FORCE)')
        admin.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
        admin.close()


@pytest.mark.django_db
def test_periodic_runs_every_command_records_the_run_and_reports_failures(settings, tmp_path):
    from django.core.management import CommandError, call_command

    from jalinmitra.core.ops import ops_metrics

    settings.BACKUP_DIR = tmp_path
    settings.PERIODIC_COMMANDS = ["jobs_check", "no_such_command", "clearsessions"]
    with pytest.raises(CommandError, match="no_such_command"):
        call_command("periodic")
    last = ops_metrics()["last_periodic"]
    assert last["results"] == {
        "jobs_check": "ok",
        "no_such_command": "missing",
        "clearsessions": "ok",
    }
    del settings.PERIODIC_COMMANDS
    call_command("periodic", skip=["backup"])  # the real list, every command present
    results = ops_metrics()["last_periodic"]["results"]
    assert set(results.values()) == {"ok"} and "privacy_retention" in results
    assert "refresh_open_data" in results  # open data refreshed by the same daily run


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gunicorn_builds_the_index_once_and_recycled_workers_start_with_it(site, tmp_path):
    """deploy/gunicorn.conf.py with preload_app: the matching index is built in the master,
    and every worker, a recycled one included (here after 5 requests), is forked with it and
    only brings it up to date; every request is answered."""
    db, media = site
    port = _free_port()
    log = tmp_path / "gunicorn.log"
    env = _env(
        db,
        media,
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="2",
        GUNICORN_MAX_REQUESTS="5",
        GUNICORN_MAX_REQUESTS_JITTER="1",
        GUNICORN_ACCESSLOG="/dev/null",
    )
    with log.open("wb") as out:
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "-c", "deploy/gunicorn.conf.py",
             "config.wsgi"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        try:
            deadline = time.time() + 120
            while time.time() < deadline and log.read_text().count("index ready in the worker") < 2:
                time.sleep(0.2)
            statuses = []
            for _ in range(30):
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                conn.request("GET", "/")
                statuses.append(conn.getresponse().status)
                conn.close()
            deadline = time.time() + 60  # the last recycled workers come up
            while time.time() < deadline and log.read_text().count("Booting worker") < 6:
                time.sleep(0.2)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    text = log.read_text()
    assert statuses == [200] * 30
    assert text.count("matching index ready in the master") == 1, text
    assert text.count("Booting worker") >= 6, text  # 2 at the start, then recycled ones
    assert text.count("matching index ready in the worker") >= 6, text
    assert "not warmed" not in text, text
