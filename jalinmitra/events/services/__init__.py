"""Writes of the events app (temu usaha). Every state change leaves an audit row.

One module per part: `events` (the event and its workflow), `participants`, `requests`
(meeting requests and invitations), `notices` (mail after commit), `schedule` (schedule runs,
locks, publishing), `outcomes` (outcomes and follow-ups), `demo`; `_common` holds the checks
they share. Every name is importable from `jalinmitra.events.services`.
"""

from jalinmitra.events.services._common import (  # noqa: F401
    _HHMM,
    CLOSED_FOR_REQUESTS,
    MAX_SESSIONS,
    SCHEDULE_TIME_LIMIT,
    SYNC_MAX_PARTICIPANTS,
    _is_officer,
    _require_actor_for,
    _require_officer,
    logger,
    role_for,
)
from jalinmitra.events.services.demo import (  # noqa: F401
    DEMO_KEY,
    DEMO_TODAY_KEY,
    event_demo_create,
    event_demo_today_create,
)
from jalinmitra.events.services.events import (  # noqa: F401
    _check_event,
    _check_event_dates,
    _pad,
    _today,
    event_create,
    event_set_status,
    event_update,
    sessions_parse,
)
from jalinmitra.events.services.notices import (  # noqa: F401
    _link,
    _mail_on_commit,
    _notice,
    _request_answered_notice,
    _request_created_notice,
    _schedule_published_notices,
    participants_remind,
)
from jalinmitra.events.services.outcomes import (  # noqa: F401
    FOLLOWUP_NOTE_MAX,
    _add_months,
    followup_answer,
    followups_create,
    outcome_record,
)
from jalinmitra.events.services.participants import (  # noqa: F401
    _check_on_event_day,
    _check_on_or_after_event_day,
    _participant_check,
    availability_parse,
    models_q_either,
    participant_add,
    participant_check_in,
    participant_mark_no_show,
    participant_no_show_undo,
    participant_update,
)
from jalinmitra.events.services.requests import (  # noqa: F401
    _check_open_cap,
    _invitation_check,
    _invitation_not_done,
    _invitation_request,
    _invitation_sides,
    _open_count,
    _pair_request,
    _respond,
    invitations_to_requests,
    meeting_invitation_accept,
    meeting_request_accept,
    meeting_request_create,
    meeting_request_decline,
    meeting_request_from_invitation,
    meeting_requests_expire,
    meeting_wish_add,
    must_meet_add,
)
from jalinmitra.events.services.schedule import (  # noqa: F401
    _job_step,
    _run_failed,
    _schedule_run_execute,
    _schedule_run_queue,
    _schedule_store,
    meeting_lock_toggle,
    schedule_publish,
    schedule_publish_start,
    schedule_run_create,
    schedule_run_execute,
)
