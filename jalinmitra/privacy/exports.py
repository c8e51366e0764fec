"""The owner's copy of their data: one ZIP with data.json (for machines) and data.xlsx (for
people), built from :func:`jalinmitra.privacy.selectors.personal_data`."""

import io
import json
import zipfile

from openpyxl import Workbook

from jalinmitra.core.spreadsheets import safe_row
from jalinmitra.privacy.selectors import Section

SHEET_TITLE_MAX = 31  # Excel's limit


def _cell(value):
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    return value


def data_json(sections: list[Section]) -> bytes:
    payload = {s.key: s.rows for s in sections}
    return json.dumps(payload, ensure_ascii=False, indent=2).encode()


def data_xlsx(sections: list[Section]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for section in sections:
        sheet = workbook.create_sheet(section.title[:SHEET_TITLE_MAX])
        sheet.append(safe_row(label for _name, label in section.columns))
        for row in section.rows:
            sheet.append(safe_row(_cell(row[name]) for name, _label in section.columns))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def data_zip(sections: list[Section]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", data_json(sections))
        archive.writestr("data.xlsx", data_xlsx(sections))
    return out.getvalue()
