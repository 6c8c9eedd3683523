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


class SessionInline(admin.TabularInline):
    model = EventSession
    extra = 0


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "start_date", "kabupaten", "office", "budget_year"]
    list_filter = ["kind", "budget_year", "office"]
    list_select_related = ["kabupaten", "office"]
    search_fields = ["name", "venue"]
    autocomplete_fields = ["kabupaten"]
    inlines = [SessionInline]
    exclude = ["checkin_token"]


@admin.register(Participant)
class ParticipantAdmin(SimpleHistoryAdmin):
    list_display = ["name", "event", "pesantren", "institution", "position"]
    actions = [erasure.erase_action(services.participant_erase, "participant")]
    search_fields = ["name", "institution"]
    raw_id_fields = ["event", "pesantren", "cooperative"]


@admin.register(Attendance)
class AttendanceAdmin(SimpleHistoryAdmin):
    list_display = ["participant", "session", "source", "created_at", "removed_at"]
    list_filter = ["source"]
    raw_id_fields = ["session", "participant", "entered_by", "removed_by"]


@admin.register(Speaker)
class SpeakerAdmin(SimpleHistoryAdmin):
    list_display = ["name", "institution", "event"]
    actions = [erasure.erase_action(services.speaker_erase, "speaker")]
    raw_id_fields = ["event"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "event", "position"]
    raw_id_fields = ["event", "pesantren", "cooperative", "participant"]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["number", "recipient_name", "event", "issued_at"]
    search_fields = ["number", "recipient_name"]
    raw_id_fields = ["event", "participant", "speaker"]
