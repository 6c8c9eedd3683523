"""Near duplicates of pesantren and cooperatives: the one check that forms and the
import preview ask, the probable pairs of a region, and the merge of a pair.

Two records are close when they lie in the same kecamatan (or, without one, the
same kabupaten) and their names, folded as the registry search folds them (case,
punctuation, hyphens and the words every name shares: "PP", "Pondok Pesantren",
"Koperasi"...), are the same or, on PostgreSQL, trigram-similar (pg_trgm's
`similarity`). SQLite (the try-out) compares the folded names only.
"""

from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from simple_history.models import HistoricalChanges

from kopontren import search

THRESHOLD = 0.6
MAX_PER_RECORD = 5
MAX_PAIRS = 200
# Marks the check's SQL, so a test can count its queries in a whole preview.
MARK = "/* near-duplicates */"
CONFIRM_FIELD = "tetap_simpan"
# What a change must touch before an edit is checked again.
CHECKED_FIELDS = {"name", "kecamatan", "kabupaten"}


def normalised(name):
    """The name as the fallback compares it: folded, without spaces."""
    folded = search.fold(name or "") or (name or "").upper()
    return "".join(folded.split())


def _fold_sql(column):
    """search.fold in SQL: UPPER, no apostrophes, punctuation to spaces, no noise
    words, single spaces (the name itself when nothing is left)."""
    noise = "|".join(word.upper() for word in search.NOISE)
    folded = (
        "btrim(regexp_replace(regexp_replace(regexp_replace("
        f"replace(upper({column}), '''', ''), '[^[:alnum:]_]+', ' ', 'g'), "
        f"'\\m({noise})\\M', ' ', 'g'), '\\s+', ' ', 'g'))"
    )
    return f"coalesce(nullif({folded}, ''), upper({column}))"


def _close_sql(left, right):
    return (
        f"(similarity({left}, {right}) >= %s "
        f"OR replace({left}, ' ', '') = replace({right}, ' ', ''))"
    )


@dataclass(frozen=True)
class Wanted:
    """A name to check, where it lies, and the record it is (None when new)."""

    name: str
    kecamatan: str | None
    kabupaten: str | None
    exclude: int | None = None


def wanted_of(instance):
    return Wanted(
        name=instance.name,
        kecamatan=instance.kecamatan_id,
        kabupaten=instance.kabupaten_id,
        exclude=instance.pk,
    )


def close_records(model, wanted):
    """For each Wanted, the records of `model` close to it, closest first (each
    with `closeness`, 0-1): two queries however many are asked."""
    wanted = [w for w in wanted]
    if not wanted:
        return []
    kecamatans = sorted({w.kecamatan for w in wanted if w.kecamatan})
    kabupatens = sorted(
        {w.kabupaten for w in wanted if w.kabupaten and not w.kecamatan}
    )
    if connection.vendor == "postgresql":
        hits = _pg_close(model, wanted, kecamatans, kabupatens)
    else:
        hits = fallback_close(model, wanted, kecamatans, kabupatens)
    ids = {pk for found in hits for pk, _closeness in found}
    records = (
        model._base_manager.select_related("kecamatan", "kabupaten").in_bulk(ids)
        if ids
        else {}
    )
    result = []
    for found in hits:
        close = []
        for pk, closeness in found[:MAX_PER_RECORD]:
            record = records[pk]
            record.closeness = closeness
            close.append(record)
        result.append(close)
    return result


def _pg_close(model, wanted, kecamatans, kabupatens):
    table = connection.ops.quote_name(model._meta.db_table)
    sql = (
        f"{MARK} WITH w AS ("
        "SELECT idx, kecamatan, kabupaten, exclude, "
        f"{_fold_sql('name')} AS folded FROM unnest("
        "%s::int[], %s::text[], %s::text[], %s::text[], %s::bigint[]"
        ") AS u(idx, name, kecamatan, kabupaten, exclude)"
        "), s AS ("
        f"SELECT t.id, t.kecamatan_id, t.kabupaten_id, {_fold_sql('t.name')} AS folded "
        f"FROM {table} t "
        "WHERE t.kecamatan_id = ANY(%s::text[]) OR t.kabupaten_id = ANY(%s::text[])"
        ") SELECT w.idx, s.id, similarity(w.folded, s.folded) AS closeness "
        "FROM w JOIN s ON (s.kecamatan_id = w.kecamatan "
        "OR (w.kecamatan IS NULL AND s.kabupaten_id = w.kabupaten)) "
        "WHERE s.id IS DISTINCT FROM w.exclude AND "
        f"{_close_sql('w.folded', 's.folded')} "
        "ORDER BY w.idx, closeness DESC, s.id"
    )
    params = [
        list(range(len(wanted))),
        [w.name for w in wanted],
        [w.kecamatan for w in wanted],
        [w.kabupaten for w in wanted],
        [w.exclude for w in wanted],
        kecamatans,
        kabupatens,
        THRESHOLD,
    ]
    hits = [[] for _w in wanted]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for idx, pk, closeness in cursor.fetchall():
            hits[idx].append((pk, closeness if closeness >= THRESHOLD else 1.0))
    return hits


def fallback_close(model, wanted, kecamatans, kabupatens):
    """The check SQLite gets: the same folded name in the same place."""
    rows = model._base_manager.filter(
        Q(kecamatan_id__in=kecamatans) | Q(kabupaten_id__in=kabupatens)
    ).values_list("pk", "name", "kecamatan_id", "kabupaten_id")
    by_key = {}
    for pk, name, kecamatan, kabupaten in rows.order_by("pk"):
        by_key.setdefault(normalised(name), []).append((pk, kecamatan, kabupaten))
    hits = []
    for w in wanted:
        found = []
        for pk, kecamatan, kabupaten in by_key.get(normalised(w.name), []):
            same_place = (
                kecamatan == w.kecamatan if w.kecamatan else kabupaten == w.kabupaten
            )
            if same_place and pk != w.exclude:
                found.append((pk, 1.0))
        hits.append(found)
    return hits


def close_to(instance):
    """The records close to one pesantren or cooperative (saved or not)."""
    return close_records(type(instance), [wanted_of(instance)])[0]


def close_to_form(form, confirmed):
    """What a staff form must confirm before saving: the records close to its new
    or renamed/moved record, unless the user already said it is another one."""
    instance = form.instance
    if confirmed:
        return []
    if instance.pk and not CHECKED_FIELDS & set(form.changed_data):
        return []
    return close_to(instance)


def probable_pairs(queryset):
    """(a, b, closeness) pairs of close records among `queryset` (same kecamatan),
    closest first, at most MAX_PAIRS."""
    model = queryset.model
    scoped = queryset.filter(kecamatan__isnull=False).order_by().values("pk")
    if connection.vendor == "postgresql":
        inner, inner_params = scoped.query.sql_with_params()
        table = connection.ops.quote_name(model._meta.db_table)
        sql = (
            f"{MARK} WITH s AS (SELECT t.id, t.kecamatan_id, "
            f"{_fold_sql('t.name')} AS folded FROM {table} t "
            f"WHERE t.id IN ({inner})) "
            "SELECT a.id, b.id, similarity(a.folded, b.folded) AS closeness "
            "FROM s a JOIN s b ON a.kecamatan_id = b.kecamatan_id AND a.id < b.id "
            f"WHERE {_close_sql('a.folded', 'b.folded')} "
            "ORDER BY closeness DESC, a.id, b.id LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*inner_params, THRESHOLD, MAX_PAIRS])
            found = cursor.fetchall()
    else:
        groups = {}
        rows = model._base_manager.filter(pk__in=scoped).values_list(
            "pk", "name", "kecamatan_id"
        )
        for pk, name, kecamatan in rows.order_by("pk"):
            groups.setdefault((kecamatan, normalised(name)), []).append(pk)
        found = [
            (a, b, 1.0)
            for pks in groups.values()
            for i, a in enumerate(pks)
            for b in pks[i + 1 :]
        ][:MAX_PAIRS]
    ids = {pk for a, b, _c in found for pk in (a, b)}
    records = model._base_manager.select_related("kecamatan").in_bulk(ids)
    return [
        (records[a], records[b], closeness if closeness >= THRESHOLD else 1.0)
        for a, b, closeness in found
    ]


# --- Merging ---------------------------------------------------------------------


@dataclass(frozen=True)
class Pointer:
    """One column that points at a model's rows: a foreign key (of any model, a
    many-to-many table's included) or a generic foreign key."""

    model: type
    field: str  # the column's attname
    content_type_field: str | None = None

    @property
    def is_link_table(self):
        """A many-to-many table Django made: its rows are links, not records."""
        return bool(self.model._meta.auto_created)

    def rows(self, target):
        condition = {self.field: target.pk}
        if self.content_type_field:
            condition = {
                self.field: str(target.pk),
                self.content_type_field: ContentType.objects.get_for_model(target),
            }
        return self.model._base_manager.filter(**condition)


def pointers(model):
    """Every column of every model that points at `model`, found from the models
    themselves (a new foreign key is found without changing this): foreign keys,
    one-to-ones, many-to-many tables, generic foreign keys. History tables are not
    pointers: they keep what was."""
    found = []
    for other in apps.get_models(include_auto_created=True):
        if issubclass(other, HistoricalChanges):
            continue
        for field in other._meta.concrete_fields:
            if field.is_relation and field.related_model is model:
                found.append(Pointer(other, field.attname))
        for field in other._meta.private_fields:
            if isinstance(field, GenericForeignKey):
                found.append(Pointer(other, field.fk_field, field.ct_field))
    return found


def _unique_sets(pointer):
    """(other fields, condition) of each uniqueness that includes the pointer."""
    meta = pointer.model._meta
    field = next(f for f in meta.concrete_fields if f.attname == pointer.field)
    sets = []
    if field.unique:
        sets.append(((), Q()))
    for together in meta.unique_together:
        if field.name in together:
            sets.append((tuple(f for f in together if f != field.name), Q()))
    for constraint in meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields:
            if field.name in constraint.fields:
                others = tuple(f for f in constraint.fields if f != field.name)
                sets.append((others, constraint.condition or Q()))
    return sets


def _clashes(pointer, kept, merged):
    """Rows of `merged` that would repeat a row of `kept` under a uniqueness:
    (other fields, their values, the merged rows' queryset)."""
    for others, condition in _unique_sets(pointer):
        mine = pointer.rows(kept).filter(condition)
        theirs = pointer.rows(merged).filter(condition)
        if not others:
            if mine.exists() and theirs.exists():
                yield others, [()], theirs
            continue
        taken = set(mine.values_list(*others))
        clashing = [v for v in theirs.values_list(*others) if v in taken]
        if clashing:
            yield others, clashing, theirs


def _clash_message(pointer, others, values):
    meta = pointer.model._meta
    parts = []
    for value in values:
        parts.append(
            ", ".join(
                f"{meta.get_field(name).verbose_name} {item}"
                for name, item in zip(others, value, strict=True)
            )
        )
    return _(
        "Kedua data sama-sama punya %(what)s%(values)s. Perbaiki atau hapus salah "
        "satu dulu, lalu gabungkan lagi."
    ) % {
        "what": meta.verbose_name,
        "values": f" ({'; '.join(parts)})" if any(parts) else "",
    }


def merge_plan(kept, merged):
    """What the merge would move: (model's plural name, rows) for each pointer
    with rows (one count per pointer)."""
    plan = []
    for pointer in pointers(type(merged)):
        count = pointer.rows(merged).count()
        if count:
            plan.append((str(pointer.model._meta.verbose_name_plural), count))
    return plan


@transaction.atomic
def record_merge(*, kept, merged, by):
    """Move everything that points at `merged` to `kept`, delete `merged`, and
    write the merge in the kept record's history and the audit log. A clash (the
    same RAT book year on both, say) refuses the merge and names what clashes."""
    from portal.models import AuditEntry

    model = type(kept)
    if type(merged) is not model or kept.pk == merged.pk:
        raise ValidationError(_("Pilih dua data yang berbeda untuk digabungkan."))
    locked = model._base_manager.select_for_update().in_bulk([kept.pk, merged.pk])
    kept, merged = locked[kept.pk], locked[merged.pk]
    found = pointers(model)
    for pointer in found:
        for others, values, theirs in _clashes(pointer, kept, merged):
            if pointer.is_link_table:
                # The link (an officer's account, say) is already on the kept one.
                for value in values:
                    theirs.filter(**dict(zip(others, value, strict=True))).delete()
            else:
                raise ValidationError(_clash_message(pointer, others, values))
    moved = {}
    for pointer in found:
        rows = pointer.rows(merged)
        try:
            with transaction.atomic():
                count = rows.update(**{pointer.field: _value(pointer, kept)})
                # A model that derives a value from the pointer keeps it in step.
                after_merge = getattr(pointer.model, "after_merge", None)
                if count and after_merge is not None:
                    after_merge(field=pointer.field, kept=kept, merged_pk=merged.pk)
        except IntegrityError as error:
            raise ValidationError(
                _("%(what)s tidak bisa dipindahkan: bentrok dengan aturan data.")
                % {"what": str(pointer.model._meta.verbose_name_plural).capitalize()}
            ) from error
        if count:
            label = pointer.model._meta.label_lower
            moved[f"{label}.{pointer.field}"] = count
    left = [p for p in found if p.rows(merged).exists()]
    if left:
        raise RuntimeError(f"Rows still point at the merged record: {left}")
    reason = _("Digabung dengan %(model)s #%(pk)s “%(name)s” oleh %(user)s") % {
        "model": model._meta.verbose_name,
        "pk": merged.pk,
        "name": merged.name,
        "user": by.get_username(),
    }
    merged_pk, merged_name = merged.pk, merged.name
    merged._change_reason = _("Digabung ke #%(pk)s “%(name)s”") % {
        "pk": kept.pk,
        "name": kept.name,
    }
    merged._history_user = by
    merged.delete()
    kept._change_reason = reason
    kept._history_user = by
    kept.save()
    if model._meta.model_name == "cooperative":
        from kopontren.services import cooperative_refresh_legal_status

        cooperative_refresh_legal_status(cooperative=kept)
    AuditEntry.objects.create(
        actor=by,
        actor_name=by.get_username(),
        action=AuditEntry.Action.MERGE,
        page=f"{model._meta.label_lower}:{kept.pk}",
        detail={"kept": kept.pk, "merged": merged_pk, "name": merged_name, **moved},
    )
    return kept


def _value(pointer, kept):
    return str(kept.pk) if pointer.content_type_field else kept.pk
