"""How a person's name is found in free text before it is erased: the whole name, and a word of
it after a form of address ("Bu Rina", "Pak Budi"), which is how people are greeted in replies
and messages."""

import pytest

from jalinmitra.privacy.services import _Scrubber


@pytest.fixture
def scrubber():
    s = _Scrubber(replacement="***")
    s.add_person(called=["Rina Wati"], names=["Jalan Cempaka 5"])
    s.protected.add("Warung Bu Rina")
    return s


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Terima kasih Bu Rina, pesanan siap.", "Terima kasih Bu ***, pesanan siap."),
        ("Siap, ibu rina!", "Siap, ibu ***!"),
        ("Mbak Wati sudah bayar", "Mbak *** sudah bayar"),
        ("Sdr. Rina datang besok", "Sdr. *** datang besok"),
        # The whole name first: nothing of it is left behind the form of address.
        ("Bu Rina Wati sudah transfer", "Bu *** sudah transfer"),
        ("Rina Wati datang", "*** datang"),
        # Whole values that are not names stay whole-only.
        ("Kirim ke Jalan Cempaka 5", "Kirim ke ***"),
    ],
)
def test_a_name_is_found_whole_and_after_a_form_of_address(scrubber, before, after):
    assert scrubber.text(before) == after


@pytest.mark.parametrize(
    "text",
    [
        "Sabrina memesan keripik",  # a longer word that holds the name
        "Rina saja tanpa sapaan",  # a first name alone could be anyone's
        "Pak Jalan",  # an address is not searched word by word
        "Pesan di Warung Bu Rina",  # a business's name is protected
    ],
)
def test_what_is_not_her_name_stays(scrubber, text):
    assert scrubber.text(text) == text
