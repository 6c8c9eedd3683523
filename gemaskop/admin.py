from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from gemaskop import services
from gemaskop.models import (
    Attendance,
    Certificate,
    Event,
    EventSession,
    Invitation,
    Participant,
    Speaker,
)
from portal import erasure
from portal.access import Scope
from portal.admin_scope import PersonalDataMixin, ScopedAdminMixin


class EventPeopleAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    """Rows of an event: in scope with their event; contacts unmasked for those who
    run it (as on the event's pages)."""

    scope_through = "event"

    def sees_personal_data(self, request, obj):
        scope = Scope.of(request.user)
        if obj is None:
            return scope.sees_phones
        return scope.can_see_participant_contacts(obj.event)


class SessionInline(PersonalDataMixin, admin.TabularInline):
    model = EventSession
    extra = 0


@admin.register(Event)
class EventAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "start_date", "kabupaten", "office", "budget_year"]
    list_filter = ["kind", "budget_year", "office"]
    list_select_related = ["kabupaten", "office"]
    show_full_result_count = False
    search_fields = ["name", "venue"]
    autocomplete_fields = ["kabupaten"]
    inlines = [SessionInline]
    exclude = ["checkin_token"]


@admin.register(Participant)
class ParticipantAdmin(EventPeopleAdmin):
    personal_fields = ("phone",)
    list_display = ["name", "event", "pesantren", "institution", "position"]
    actions = [erasure.erase_action(services.participant_erase, "participant")]
    list_select_related = ["event", "pesantren"]
    show_full_result_count = False
    # The model orders through the event's own ordering (a join); this one has an index.
    ordering = ["event_id", "name"]
    search_fields = ["name", "institution"]
    autocomplete_fields = ["event", "pesantren", "cooperative"]


@admin.register(Attendance)
class AttendanceAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    scope_through = "session__event"
    list_display = ["participant", "session", "source", "created_at", "removed_at"]
    list_filter = ["source"]
    list_select_related = ["participant", "session"]
    show_full_result_count = False
    # The model orders through session → event (a join over every row); newest first
    # reads the primary key's index.
    ordering = ["-pk"]
    search_fields = ["participant__name"]
    autocomplete_fields = ["participant"]
    raw_id_fields = ["session", "entered_by", "removed_by"]


@admin.register(Speaker)
class SpeakerAdmin(EventPeopleAdmin):
    personal_fields = ("npwp", "bank_account")
    list_display = ["name", "institution", "event"]
    list_select_related = ["event"]
    actions = [erasure.erase_action(services.speaker_erase, "speaker")]
    autocomplete_fields = ["event"]


@admin.register(Invitation)
class InvitationAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope_through = "event"
    list_display = ["__str__", "event", "position"]
    list_select_related = ["event", "pesantren", "cooperative"]
    autocomplete_fields = ["event", "pesantren", "cooperative", "participant"]


@admin.register(Certificate)
class CertificateAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope_through = "event"
    list_display = ["number", "recipient_name", "event", "issued_at"]
    list_select_related = ["event"]
    show_full_result_count = False
    search_fields = ["number", "recipient_name"]
    autocomplete_fields = ["event", "participant"]
    raw_id_fields = ["speaker"]
