"""Django admin for clinic admins: staff, the exercise library and plan templates are edited here;
clinical output (answers, assessments) and the audit trail are read-only."""

import json

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.admin import SimpleHistoryAdmin

from intake import audit, services
from intake.models import (
    Alert,
    Answers,
    Assessment,
    AuditEvent,
    Case,
    CaseNote,
    CheckIn,
    CheckInSafety,
    ClinicPolicy,
    Exercise,
    ExerciseTranslation,
    FirstVisit,
    FirstVisitAddendum,
    Outcome,
    Patient,
    PlanItem,
    PlanTemplate,
    PlanTemplateItem,
    ProgrammeDay,
    ProgrammeTick,
    TherapyPlan,
)
from intake.patient.language import language_name
from intake.pictures import prepared_picture
from intake.rules.questions import QUESTIONS, Section

# Django admin carries the clinic's name, and "View site" leads to the staff dashboard.
admin.site.site_header = f"{settings.CLINIC_NAME}: administration"
admin.site.site_title = settings.CLINIC_NAME
admin.site.index_title = "Staff, exercise library, plan templates and records"
admin.site.site_url = "/staff/"


class HistoryAdmin(SimpleHistoryAdmin):
    """Change history with values, for reading only.

    simple_history's "revert" page saves whatever form is posted to it after checking only the
    permission to *view* history, skipping has_change_permission; for users that would let a clinic
    admin edit an account they may not manage (services.may_manage). A POST there is refused; a
    change is made again through the normal form and its checks. SIMPLE_HISTORY_REVERT_DISABLED
    hides the button.
    """

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            raise PermissionDenied("Change history is read-only.")
        return super().history_form_view(request, object_id, version_id, extra_context)


class ReadOnlyAdminMixin:
    """Records written only by the app's services: visible to admins, never edited by hand."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AnswersInline(ReadOnlyAdminMixin, admin.StackedInline):
    model = Answers
    can_delete = False
    fieldsets = [
        (section.value.capitalize(), {"fields": [q.key for q in QUESTIONS if q.section is section]})
        for section in Section
    ]


class AssessmentInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Assessment
    fields = ["created_at", "pathway", "urgency", "rules_version"]
    readonly_fields = fields
    extra = 0
    show_change_link = True


class TherapyPlanInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = TherapyPlan
    fields = ["created_at", "pathway", "status", "approved_by", "approved_at"]
    readonly_fields = fields
    extra = 0
    show_change_link = True


class PatientSearchAuditMixin:
    """A search that can match patients by name is an access to health data: the access log records
    who searched and which patients it found (never the words typed, which may be a name)."""

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            field = "pk" if self.model is Patient else "patient_id"
            found = list(results.order_by().values_list(field, flat=True).distinct()[:200])
            audit.patients_searched(actor=request.user, where=self.model._meta.model_name, patients=found)
        return results, may_have_duplicates


@admin.register(Patient)
class PatientAdmin(PatientSearchAuditMixin, admin.ModelAdmin):
    list_display = ["name", "date_of_birth", "email", "phone", "consent_given", "created_at", "erased_at"]
    list_filter = ["consent_given", ("erased_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "email", "phone"]
    readonly_fields = ["consent_given", "consent_at", "created_at", "erased_at"]
    date_hierarchy = "created_at"
    actions = ["export_patient_data", "erase_personal_data"]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200 and str(object_id).isdigit():
            audit.patient_viewed(actor=request.user, patient_id=int(object_id))
        return response

    @admin.action(description="Export everything about the selected patient (JSON)", permissions=["change"])
    def export_patient_data(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Select exactly one patient to export.", messages.ERROR)
            return None
        patient = queryset.get()
        data = services.patient_export(patient=patient, actor=request.user)
        response = HttpResponse(json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json")
        # The file name carries the database id, never the patient's name.
        response["Content-Disposition"] = f'attachment; filename="patient-{patient.pk}.json"'
        return response

    @admin.action(
        description="Erase personal data of the selected patients (keeps anonymised cases)", permissions=["change"]
    )
    def erase_personal_data(self, request, queryset):
        if request.POST.get("confirm") == "yes":
            for patient in queryset:
                services.patient_erase(patient=patient, actor=request.user)
            self.message_user(request, f"Erased the personal data of {queryset.count()} patient(s).", messages.SUCCESS)
            return None
        return TemplateResponse(
            request,
            "admin/intake/patient/erase_confirmation.html",
            {
                **self.admin_site.each_context(request),
                "title": "Erase personal data?",
                "patients": queryset,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )


@admin.register(Case)
class CaseAdmin(PatientSearchAuditMixin, admin.ModelAdmin):
    list_display = ["reference", "patient", "urgency", "pathway", "status", "assigned_to", "submitted_at"]
    list_filter = ["status", "urgency", "pathway", "assigned_to"]
    search_fields = ["reference", "patient__name"]
    list_select_related = ["patient", "assigned_to"]
    # Status and assignment change on the dashboard, through the services (version, audit trail,
    # and no closing over an unacknowledged red flag); here every field is read-only.
    readonly_fields = [
        "status",
        "assigned_to",
        "reference",
        "patient",
        "urgency",
        "pathway",
        "queue_priority",
        "submitted_at",
        "updated_at",
        "version",
    ]
    fields = [
        "reference",
        "patient",
        "status",
        "assigned_to",
        "urgency",
        "pathway",
        "queue_priority",
        "submitted_at",
        "updated_at",
        "version",
    ]
    inlines = [AnswersInline, AssessmentInline, TherapyPlanInline]
    date_hierarchy = "submitted_at"
    show_full_result_count = False  # Counting every row is slow at a million cases.

    def has_add_permission(self, request):
        # Cases come from the patient intake (or seed_demo), through the services.
        return False


@admin.register(Answers)
class AnswersAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["case", "age", "affected_side", "heel_pain", "thigh_pain"]
    list_select_related = ["case"]
    search_fields = ["case__reference"]
    fieldsets = AnswersInline.fieldsets


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["case", "pathway", "urgency", "rules_version", "created_at"]
    list_filter = ["pathway", "urgency", "rules_version"]
    search_fields = ["case__reference"]
    list_select_related = ["case"]
    readonly_fields = ["case", "pathway", "urgency", "rules_version", "result", "created_at"]


class LenientAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete widget, re-rendering a form whose posted id is not a number (a tampered
    or garbled post) with the bad value left out, instead of failing with a 500 while it looks the
    value up to show it; the form's own error ("Select a valid choice") still says what is wrong."""

    def optgroups(self, name, value, attr=None):
        target = self.field.remote_field.model._meta.get_field(self.field.remote_field.field_name)
        readable = []
        for item in value:
            try:
                target.to_python(item)
            except ValidationError:
                continue
            readable.append(item)
        return super().optgroups(name, readable, attr)


class PlanTemplateItemInline(admin.TabularInline):
    model = PlanTemplateItem
    extra = 1
    autocomplete_fields = ["exercise"]
    ordering = ["position"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.autocomplete_fields:
            kwargs["widget"] = LenientAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ExerciseTranslationInline(admin.StackedInline):
    """The exercise's patient text in each other language the clinic offers (settings.LANGUAGES)."""

    model = ExerciseTranslation
    extra = 0
    fields = ["language", "name", "patient_instructions", "frequency", "duration"]
    verbose_name = "patient text in another language"
    verbose_name_plural = "Patient text in other languages (the English text is above)"


class ExerciseAdminForm(forms.ModelForm):
    class Meta:
        model = Exercise
        # ExerciseAdmin's fieldsets choose the fields shown; this form only adds the picture's cleaning.
        fields = ["picture"]

    def clean_picture(self):
        """A new upload is checked, resized and stripped of its metadata (intake/pictures.py)."""
        picture = self.cleaned_data.get("picture")
        if isinstance(picture, UploadedFile):
            return prepared_picture(picture)
        return picture


@admin.register(Exercise)
class ExerciseAdmin(HistoryAdmin):
    form = ExerciseAdminForm
    list_display = ["code", "name", "kind", "dose_text", "is_active", "missing_translations"]
    list_filter = ["kind", "is_active", "time_of_day"]
    search_fields = ["code", "name", "patient_instructions"]
    fieldsets = [
        (None, {"fields": ["code", "name", "kind", "is_active"]}),
        ("For the patient", {"fields": ["patient_instructions", "picture"]}),
        ("Dose", {"fields": ["sets", "reps", "hold_seconds", "frequency", "time_of_day", "duration"]}),
        ("For staff", {"fields": ["staff_notes"]}),
    ]

    inlines = [ExerciseTranslationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("translations")

    @admin.display(description="Dose")
    def dose_text(self, obj):
        return obj.dose_text()

    @admin.display(description="Missing languages")
    def missing_translations(self, obj):
        """Patients who answer in these languages get this exercise's English text."""
        return ", ".join(language_name(code) for code in obj.missing_languages()) or "—"


@admin.register(PlanTemplate)
class PlanTemplateAdmin(HistoryAdmin):
    list_display = ["name", "pathway", "is_active"]
    list_filter = ["pathway", "is_active"]
    search_fields = ["name"]
    inlines = [PlanTemplateItemInline]


class PlanItemInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = PlanItem
    fields = ["position", "name", "sets", "reps", "hold_seconds", "frequency", "time_of_day"]
    readonly_fields = fields
    extra = 0


@admin.register(TherapyPlan)
class TherapyPlanAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Plans are edited and approved on the staff dashboard, where every change is audited."""

    list_display = ["case", "pathway", "status", "approved_by", "approved_at", "created_at"]
    list_filter = ["status", "pathway"]
    search_fields = ["case__reference"]
    list_select_related = ["case", "approved_by"]
    readonly_fields = [
        "case",
        "assessment",
        "pathway",
        "status",
        "approved_by",
        "approved_at",
        "created_at",
        "updated_at",
        "patient_link_expires_at",
    ]
    exclude = ["patient_link_token"]
    inlines = [PlanItemInline]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "action", "case", "actor"]
    list_filter = ["action"]
    search_fields = ["case__reference", "actor__username"]
    list_select_related = ["case", "actor"]
    readonly_fields = ["created_at", "action", "case", "actor", "details"]
    date_hierarchy = "created_at"
    # Newest first: an admin looking at the trail wants what just happened.
    ordering = ["-created_at", "-id"]


@admin.register(Alert)
class AlertAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """How each alert's e-mail went; written by the worker only (services.alerts)."""

    list_display = ["created_at", "case", "kind", "urgency", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status", "kind", "urgency"]
    search_fields = ["case__reference"]
    list_select_related = ["case"]
    date_hierarchy = "created_at"


class FirstVisitAddendumInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = FirstVisitAddendum
    fields = ["created_at", "author", "text"]
    readonly_fields = fields
    extra = 0


@admin.register(FirstVisit)
class FirstVisitAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Written on the dashboard (services.first_visit_save), where every change is audited; a signed
    record is kept as it was for everyone, superusers included, and is corrected by addenda."""

    list_display = ["case", "working_diagnosis", "differential", "examined_by", "examined_at", "signed_at"]
    list_filter = ["working_diagnosis", "differential", ("signed_at", admin.EmptyFieldListFilter)]
    search_fields = ["case__reference"]
    list_select_related = ["case", "examined_by"]
    readonly_fields = [field.name for field in FirstVisit._meta.fields]
    inlines = [FirstVisitAddendumInline]


@admin.register(CaseNote)
class CaseNoteAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "case", "kind", "author"]
    list_filter = ["kind"]
    search_fields = ["case__reference"]
    list_select_related = ["case", "author"]
    readonly_fields = ["created_at", "case", "kind", "author", "text"]


class CheckInSafetyInline(ReadOnlyAdminMixin, admin.StackedInline):
    model = CheckInSafety
    can_delete = False
    readonly_fields = [field.name for field in CheckInSafety._meta.fields if field.name not in ("id", "check_in")]
    fields = readonly_fields


class OutcomeInline(ReadOnlyAdminMixin, admin.StackedInline):
    model = Outcome
    can_delete = False
    readonly_fields = [field.name for field in Outcome._meta.fields if field.name not in ("id", "check_in")]
    fields = readonly_fields


@admin.register(CheckIn)
class CheckInAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Follow-up check-ins and the patient's answers: read-only, written by services.follow_up."""

    list_display = ["case", "weeks", "due_at", "emailed_at", "first_page_sent", "answered"]
    list_filter = ["weeks"]
    search_fields = ["case__reference"]
    list_select_related = ["case", "safety", "outcome"]
    # The private link's token is left out: admins have no reason to open the patient's questionnaire.
    fields = ["case", "weeks", "due_at", "emailed_at", "created_at"]
    readonly_fields = fields
    inlines = [CheckInSafetyInline, OutcomeInline]

    @admin.display(boolean=True, description="Safety page sent")
    def first_page_sent(self, check_in: CheckIn) -> bool:
        return hasattr(check_in, "safety")

    @admin.display(boolean=True, description="Answered")
    def answered(self, check_in: CheckIn) -> bool:
        return hasattr(check_in, "outcome")


@admin.register(Outcome)
class OutcomeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The outcome measures of each answered check-in (intake/outcomes/measures.py scores them)."""

    list_display = ["check_in", "answered_at", "heel_pain", "thigh_pain", "lefs_score", "psfs_score", "global_change"]
    search_fields = ["check_in__case__reference"]
    list_select_related = ["check_in__case"]
    readonly_fields = [field.name for field in Outcome._meta.fields if field.name != "id"]


class ProgrammeTickInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ProgrammeTick
    fields = ["item"]
    readonly_fields = fields
    extra = 0


@admin.register(ProgrammeDay)
class ProgrammeDayAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The patient's daily log of their home programme: written by the patient on their plan page."""

    list_display = ["day", "case", "pain", "plan", "updated_at"]
    date_hierarchy = "day"
    search_fields = ["case__reference"]
    list_select_related = ["case", "plan", "plan__case"]
    readonly_fields = ["case", "plan", "day", "pain", "note", "created_at", "updated_at"]
    inlines = [ProgrammeTickInline]


@admin.register(ClinicPolicy)
class ClinicPolicyAdmin(HistoryAdmin):
    list_display = ["__str__", "require_two_factor", "on_call_emails", "escalate_after_minutes"]
    fieldsets = [
        ("Staff sign-in", {"fields": ["require_two_factor"]}),
        (
            "Alerts to the clinic",
            {
                "fields": ["on_call_emails", "escalate_after_minutes", "escalation_emails"],
                "description": "Emergency, urgent and call-today cases are e-mailed to the on-call addresses "
                "within a minute (the worker must be running: README, Deploy). An emergency still not "
                "acknowledged after the set minutes is e-mailed to every active clinic admin as well.",
            },
        ),
        (
            "Booking and the patient's plan",
            {
                "fields": ["booking_url", "email_handout_pdf"],
                "description": "The booking link appears on the patient's confirmation page only when their "
                "answers raised no red flag and need no call today; red-flag advice is never replaced by it.",
            },
        ),
    ]

    def has_add_permission(self, request):
        return not ClinicPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(Group)
class RoleAdmin(HistoryAdmin, GroupAdmin):
    """The two roles are defined in intake/roles.py; their history shows any change made by hand."""


@admin.register(User)
class StaffUserAdmin(HistoryAdmin, UserAdmin):
    """Clinic admins manage staff accounts and their roles, but cannot grant themselves (or anyone)
    superuser status or permissions outside the two roles, and cannot change, deactivate, reset the
    password of or remove the devices of an account that can do more than they can
    (services.may_manage): such an account opens read-only for them."""

    actions = ["reset_two_factor"]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["is_superuser", "user_permissions"]
        return readonly

    def has_change_permission(self, request, obj=None):
        # Django's password-change page asks this too, so it is refused along with the change form.
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or services.may_manage(actor=request.user, target=obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or services.may_manage(actor=request.user, target=obj))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            # Only roles that grant nothing beyond the admin's own permissions.
            kwargs["queryset"] = services.groups_grantable_by(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.action(description="Reset two-factor sign-in (a lost phone): remove authenticators and recovery codes")
    def reset_two_factor(self, request, queryset):
        for user in queryset:
            try:
                removed = services.staff_two_factor_reset(user=user, actor=request.user)
            except PermissionDenied:
                self.message_user(
                    request, f"You may not reset the two-factor sign-in of {user.get_username()}.", messages.ERROR
                )
            else:
                self.message_user(
                    request,
                    f"Removed {removed} device(s) of {user.get_username()}; they set up a new authenticator "
                    "at their next sign-in.",
                    messages.SUCCESS,
                )

    def has_reset_two_factor_permission(self, request):
        return request.user.has_perm(services.RESET_TWO_FACTOR_PERMISSION)


class StaffDeviceAdminMixin:
    """A device (authenticator, recovery codes) is removed only through staff_two_factor_reset
    (audited, and refused for an account that can do more than the admin); nobody edits one by hand."""

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or services.may_manage(actor=request.user, target=obj.user))

    def delete_model(self, request, obj):
        services.staff_two_factor_reset(user=obj.user, actor=request.user)


admin.site.unregister(TOTPDevice)
admin.site.unregister(StaticDevice)


@admin.register(TOTPDevice)
class StaffTOTPDeviceAdmin(StaffDeviceAdminMixin, TOTPDeviceAdmin):
    pass


@admin.register(StaticDevice)
class StaffStaticDeviceAdmin(StaffDeviceAdminMixin, StaticDeviceAdmin):
    """Recovery codes: the codes themselves are never shown in admin."""

    inlines = []


# The FHIR API's read tokens (intake/fhir/admin.py), registered with the rest of the admin.
from intake.fhir import admin as fhir_admin  # noqa: E402, F401
