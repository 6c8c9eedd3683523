"""The password policy (BSSN 4/2021, OWASP ASVS 5.0 level 2): at least 12
characters, not a common password, not built from words anyone could guess about
this portal or this person; no composition rules, no forced rotation."""

import re

from django.conf import settings
from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

MIN_LENGTH = 12
# What must be left of a password once its context words, years and separators are
# taken out: "Jember2026" or "demo-portal-2026" leave (next to) nothing.
MIN_OWN_CHARACTERS = 8
# Words of the portal itself, beside the configured office's name and address.
PORTAL_WORDS = (
    "portal",
    "kopontren",
    "koppontren",
    "koperasi",
    "pesantren",
    "pondok",
    "ponpes",
    "santri",
    "gemaskop",
    "opop",
    "diskopum",
    "diskop",
    "dinas",
    "admin",
    "demo",
)
# Common Indonesian passwords that the English breached-password list lacks.
COMMON_INDONESIAN = frozenset(
    {
        "bismillah",
        "alhamdulillah",
        "rahasia",
        "katasandi",
        "sandi",
        "indonesia",
        "merdeka",
        "sayang",
        "sayangku",
        "cintaku",
        "garuda",
        "pancasila",
        "masuk",
        "rahasiaku",
    }
)
SEPARATORS = re.compile(r"[\W_]+")
YEARS = re.compile(r"(19|20)\d\d")


def _words(text):
    """The words of `text` a guesser would try (four letters or more), lower case."""
    return {word for word in SEPARATORS.split(str(text).lower()) if len(word) >= 4}


def context_words(user=None):
    """Words from the portal, the office, the person and their region."""
    words = set(PORTAL_WORDS)
    words |= _words(settings.OFFICE_NAME) | _words(settings.OFFICE_ADDRESS)
    if user is not None:
        for attribute in ("username", "first_name", "last_name", "email"):
            words |= _words(getattr(user, attribute, "") or "")
        region = user.region if getattr(user, "region_id", None) else None
        while region is not None:
            words |= _words(region.name)
            region = region.parent
    return words


class MinimumLengthValidator:
    """At least 12 characters (spaces count: a passphrase is welcome)."""

    def __init__(self, min_length=MIN_LENGTH):
        self.min_length = min_length

    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(
                ngettext(
                    "Kata sandi terlalu pendek: paling sedikit %(min)d karakter.",
                    "Kata sandi terlalu pendek: paling sedikit %(min)d karakter.",
                    self.min_length,
                )
                % {"min": self.min_length},
                code="password_too_short",
            )

    def get_help_text(self):
        return _(
            "Paling sedikit %(min)d karakter. Kalimat pendek yang mudah Anda ingat "
            "pun boleh, misalnya tiga atau empat kata dengan spasi."
        ) % {"min": self.min_length}


class CommonPasswordValidator(CommonPasswordValidator):
    """Not on Django's list of 20,000 breached passwords nor a common Indonesian
    one, even with digits or signs added before or after ("password1234")."""

    def validate(self, password, user=None):
        plain = password.lower().strip()
        core = plain.strip("0123456789!@#$%^&*()-_=+.,?/ ")
        squeezed = SEPARATORS.sub("", core)
        candidates = {plain, core, squeezed}
        if candidates & (self.passwords | COMMON_INDONESIAN):
            raise ValidationError(
                _("Kata sandi ini terlalu umum dan mudah ditebak."),
                code="password_too_common",
            )

    def get_help_text(self):
        return _("Bukan kata sandi umum seperti “password1234” atau “bismillah”.")


class ContextWordsValidator:
    """Not built from words anyone could guess: the portal's name, the office, the
    person's names, their region, a year."""

    def validate(self, password, user=None):
        rest = password.lower()
        for word in sorted(context_words(user), key=len, reverse=True):
            rest = rest.replace(word, "")
        rest = SEPARATORS.sub("", YEARS.sub("", rest))
        if len(rest) < MIN_OWN_CHARACTERS:
            raise ValidationError(
                _(
                    "Kata sandi ini tersusun dari kata yang mudah ditebak (nama "
                    "portal, kantor, nama Anda, wilayah atau tahun). Tambahkan "
                    "kata-kata Anda sendiri."
                ),
                code="password_context_words",
            )

    def get_help_text(self):
        return _(
            "Bukan susunan dari nama portal, nama kantor, nama Anda, nama wilayah "
            "atau tahun. Tidak perlu huruf besar, angka atau simbol."
        )
