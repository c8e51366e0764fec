import io
import time

from pypdf import PdfReader

from jalinmitra.agreements.pdf import agreement_pdf


def _text(data: bytes) -> str:
    return " ".join(
        " ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(data)).pages
    )


def test_pdf_holds_parties_terbilang_number_and_code(ready):
    started = time.perf_counter()
    data = agreement_pdf(ready)
    elapsed = time.perf_counter() - started
    assert data.startswith(b"%PDF-")
    text = _text(data)
    assert "Keripik Pisang Bu Alice" in text
    assert "PT Oleh-Oleh Sari Rasa" in text
    assert "satu juta dua ratus lima puluh ribu rupiah" in text
    assert "Rp1.250.000" in text
    assert ready.number in text
    assert ready.code in text
    assert "1234567890123" in text  # NIB
    assert elapsed < 3  # < 1 s on a warm process; generous for slow CI


def test_pdf_uses_only_embedded_fonts(ready):
    reader = PdfReader(io.BytesIO(agreement_pdf(ready)))
    fonts = set()
    for page in reader.pages:
        for f in (page["/Resources"].get("/Font") or {}).values():
            font = f.get_object()
            fonts.add(str(font.get("/BaseFont")))
            desc = font.get("/FontDescriptor") or (
                font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
                if "/DescendantFonts" in font
                else None
            )
            desc = desc.get_object() if desc is not None else {}
            assert any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")), font
    assert fonts


def test_witnessed_pdf_records_signatures(witnessed):
    text = _text(witnessed.signed_pdf.read())
    assert text.count("ditandatangani secara elektronik") == 2
    assert "disaksikan" in text


def test_text_with_typst_markup_is_printed_literally(ready):
    ready.subject = "Harga #let x = 1 *tebal* _miring_ $5$ @ref <label> [kurung]"
    text = _text(agreement_pdf(ready))
    assert "#let x = 1 *tebal* _miring_ $5$" in text
