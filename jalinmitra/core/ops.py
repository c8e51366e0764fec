"""What an operator wants to know at a glance (the metrics page, `/pengaturan/metrik/`):
background jobs by state, the last backup, the last periodic run. Reads only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.db.models import Count
from django.utils import timezone

LAST_PERIODIC_KEY = "jalinmitra:last_periodic"
BACKUP_GLOB = "jalinmitra-*.tar.gz"


def backups(directory: Path | None = None) -> list[Path]:
    """The backup archives, newest first."""
    directory = Path(directory or settings.BACKUP_DIR)
    if not directory.is_dir():
        return []
    return sorted(directory.glob(BACKUP_GLOB), reverse=True)


def periodic_ran(when: datetime | None = None, results: dict | None = None) -> None:
    cache.set(
        LAST_PERIODIC_KEY,
        {"at": (when or timezone.now()).isoformat(), "results": results or {}},
        timeout=None,
    )


def ops_metrics() -> dict:
    from django_tasks_db.models import DBTaskResult

    from jalinmitra.core.jobs import stale_before
    from jalinmitra.core.models import Job

    by_status = dict(Job.objects.values_list("status").annotate(n=Count("id")).order_by())
    day_ago = timezone.now() - timedelta(days=1)
    newest = backups()[:1]
    last_backup = None
    if newest:
        stat = newest[0].stat()
        last_backup = {
            "file": newest[0].name,
            "at": datetime.fromtimestamp(stat.st_mtime, UTC).isoformat(),
            "bytes": stat.st_size,
        }
    try:
        periodic = cache.get(LAST_PERIODIC_KEY)
    except DatabaseError:
        periodic = None
    return {
        "jobs": {
            "queued": by_status.get(Job.Status.QUEUED, 0),
            "running": by_status.get(Job.Status.RUNNING, 0),
            "stale": Job.objects.filter(
                status=Job.Status.RUNNING, updated_at__lt=stale_before()
            ).count(),
            "failed": by_status.get(Job.Status.FAILED, 0),
            "failed_last_24h": Job.objects.filter(
                status=Job.Status.FAILED, updated_at__gte=day_ago
            ).count(),
            "done": by_status.get(Job.Status.DONE, 0),
        },
        "tasks_waiting": DBTaskResult.objects.ready().count(),
        "last_backup": last_backup,
        "backups_kept": len(backups()),
        "last_periodic": periodic,
        "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
    }
