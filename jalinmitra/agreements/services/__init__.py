"""Writes of the agreements app. Every function is keyword-only, atomic and audited.

One module per part: `drafting` (create, edit, addendum), `checks` (what an agreement must
say before review), `versions` (the clause history and its diff), `transitions` (submit to
end, each checked against agreements/workflow.py), `ceremony` (signing together at a temu
usaha), `documents` (uploads, the final PDF and its batch job), `notices` (reminders before an
agreement ends); `_common` holds the refusals and the one move helper. Every name is importable
from `jalinmitra.agreements.services`.
"""

from jalinmitra.agreements.services._common import (  # noqa: F401
    MAX_UPLOAD_BYTES,
    _check,
    _forbid,
    _invalid,
    _move,
    _require_ceremony_officer,
)
from jalinmitra.agreements.services.ceremony import (  # noqa: F401
    agreement_sign_in_ceremony,
    ceremony_witness_batch,
)
from jalinmitra.agreements.services.checks import (  # noqa: F401
    PLACEHOLDERS,
    Check,
    _require_checks,
    agreement_checks,
    blocking_checks,
    filled,
    pairing_covered,
)
from jalinmitra.agreements.services.documents import (  # noqa: F401
    _sha256,
    agreement_pdf_store,
    agreement_pdfs_job_start,
    read_pdf_upload,
    verify_upload,
)
from jalinmitra.agreements.services.drafting import (  # noqa: F401
    _check_declarations,
    _clean,
    _fill_from_template,
    agreement_amend,
    agreement_create,
    agreement_update,
)
from jalinmitra.agreements.services.notices import (  # noqa: F401
    REMINDER_DAYS,
    _send_reminder,
    agreement_addresses,
    agreement_remind_ending,
    agreements_remind_ending,
)
from jalinmitra.agreements.services.transitions import (  # noqa: F401
    _assign_number,
    _clean_reason,
    _clear_proposal,
    _end,
    _finish,
    _review_notes,
    _witnesses,
    agreement_activate,
    agreement_approve,
    agreement_complete,
    agreement_end_decline,
    agreement_return,
    agreement_sign,
    agreement_submit,
    agreement_terminate,
    agreement_witness,
    witness_officials_available,
)
from jalinmitra.agreements.services.versions import (  # noqa: F401
    _LABELS,
    _check_version,
    _clauses_lines,
    _last_change,
    _new_version,
    _snapshot,
    version_diff,
    version_diff_html,
)
from jalinmitra.agreements.workflow import (  # noqa: F401 (services.end_role etc.)
    AGREEMENT_FLOW,
    END_STATUSES,
    END_TO,
    end_role,
    is_member,
    is_party_member,
    may_approve,
    party_of,
)
