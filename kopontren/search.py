"""Registry search: names found through a trigram index and ranked by closeness,
identifiers (NIK Koperasi, NSPP, AHU numbers) by prefix or suffix.

On PostgreSQL every condition is one the indexes of migration 0013 answer: the name
conditions compare UPPER(name), the expression the GIN trigram indexes hold, and each
table is searched in its own subquery, so no OR across a join forces a scan. The
words every name shares ("Koperasi Pondok Pesantren", "PP", "Ponpes") are folded out
of the query first, so they neither match everything nor dilute the closeness.
SQLite (the try-out) gets the same folding with plain substring matching.
"""

import re

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connection
from django.db.models import Q, Value
from django.db.models.functions import Greatest, Upper

# The words every name shares; kopontren/duplicates.py folds the same ones in SQL.
NOISE = (
    "koperasi kopontren koppontren kop pondok pesantren ponpes pon pes pp yayasan ypp"
).split()
NOISE_WORDS = re.compile(r"\b(?:" + "|".join(NOISE) + r")\b", re.IGNORECASE)
NOT_WORD = re.compile(r"[^\w]+")
IDENTIFIER = re.compile(r"^[\w./-]*\d[\w./-]*$")


def fold(text):
    """The words of a query that tell names apart, in upper case."""
    words = NOISE_WORDS.sub(" ", NOT_WORD.sub(" ", text.replace("'", "")))
    return " ".join(words.split()).upper()


def is_identifier(text):
    return bool(IDENTIFIER.match(text.replace(" ", "")))


def on_postgresql():
    return connection.vendor == "postgresql"


def names_like(queryset, text, field="name"):
    """Rows whose `field` holds every folded word of the query, each word as written
    or (PostgreSQL, three letters or more) close to a word of the name."""
    folded = fold(text) or text.strip().upper()
    condition = Q()
    if on_postgresql():
        queryset = queryset.alias(upper_name=Upper(field))
        for word in folded.split():
            # Every word narrows the candidates through the index (a bitmap AND);
            # ranking then reads only the few rows that hold them all.
            if len(word) >= 3:
                condition &= Q(upper_name__trigram_word_similar=word)
            else:
                condition &= Q(upper_name__contains=word)
        return queryset.filter(condition)
    for word in folded.split():
        condition &= Q(**{f"{field}__icontains": word})
    return queryset.filter(condition)


def cooperatives(queryset, text):
    """Cooperatives by name, their pesantren's name, NIK Koperasi, NSPP or a legal
    step's number; the closest names first (`search_rank`)."""
    from kopontren.models import Cooperative, LegalEvent, Pesantren

    text = text.strip()
    if not text:
        return queryset
    # Each way of matching is its own indexed subquery; their union of ids is what
    # the outer query reads by primary key.
    matches = [
        names_like(Cooperative.objects.all(), text).values("pk"),
        Cooperative.objects.filter(
            pesantren__in=names_like(Pesantren.objects.all(), text).values("pk")
        ).values("pk"),
    ]
    if is_identifier(text):
        code = text.replace(" ", "")
        matches += [
            Cooperative.objects.filter(
                Q(nik_koperasi__startswith=code) | Q(nik_koperasi__endswith=code)
            ).values("pk"),
            Cooperative.objects.filter(pesantren__nspp__startswith=code).values("pk"),
            LegalEvent.objects.filter(number__icontains=code).values("cooperative"),
        ]
    first, *others = (match.order_by() for match in matches)
    ranked = queryset.filter(pk__in=first.union(*others))
    if on_postgresql():
        folded = fold(text) or text.upper()
        ranked = ranked.annotate(
            search_rank=Greatest(
                TrigramWordSimilarity(Value(folded), Upper("name")),
                TrigramWordSimilarity(Value(folded), Upper("pesantren__name")),
            )
        )
    else:
        ranked = ranked.annotate(search_rank=Value(1.0))
    return ranked


def pesantren(queryset, text):
    """Pesantren by name or NSPP; the closest names first (`search_rank`)."""
    from kopontren.models import Pesantren

    text = text.strip()
    if not text:
        return queryset
    condition = Q(pk__in=names_like(Pesantren.objects.all(), text).values("pk"))
    if is_identifier(text):
        condition |= Q(nspp__startswith=text.replace(" ", ""))
    ranked = queryset.filter(condition)
    if on_postgresql():
        folded = fold(text) or text.upper()
        return ranked.annotate(
            search_rank=TrigramWordSimilarity(Value(folded), Upper("name"))
        )
    return ranked.annotate(search_rank=Value(1.0))
