"""Django admin for clinic admins: staff, the exercise library and plan templates are edited here;
clinical output (answers, assessments) and the audit trail are read-only."""

import json

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.http import HttpResponse
from django.template.response import TemplateResponse

from intake import services
from intake.models import (
    Answers,
    Assessment,
    AuditEvent,
    Case,
    CaseNote,
    ClinicPolicy,
    Exercise,
    FirstVisit,
    FirstVisitAddendum,
    Patient,
    PlanItem,
    PlanTemplate,
    PlanTemplateItem,
    TherapyPlan,
)
from intake.rules.questions import QUESTIONS, Section


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


@admin.register(Patient)
class PatientAdmin(admin.ModelAdmin):
    list_display = ["name", "date_of_birth", "email", "phone", "consent_given", "created_at", "erased_at"]
    list_filter = ["consent_given", ("erased_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "email", "phone"]
    readonly_fields = ["consent_given", "consent_at", "created_at", "erased_at"]
    date_hierarchy = "created_at"
    actions = ["export_patient_data", "erase_personal_data"]

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
class CaseAdmin(admin.ModelAdmin):
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


class PlanTemplateItemInline(admin.TabularInline):
    model = PlanTemplateItem
    extra = 1
    autocomplete_fields = ["exercise"]
    ordering = ["position"]


@admin.register(Exercise)
class ExerciseAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "dose_text", "is_active"]
    list_filter = ["kind", "is_active", "time_of_day"]
    search_fields = ["code", "name", "patient_instructions"]
    fieldsets = [
        (None, {"fields": ["code", "name", "kind", "is_active"]}),
        ("For the patient", {"fields": ["patient_instructions"]}),
        ("Dose", {"fields": ["sets", "reps", "hold_seconds", "frequency", "time_of_day", "duration"]}),
        ("For staff", {"fields": ["staff_notes"]}),
    ]

    @admin.display(description="Dose")
    def dose_text(self, obj):
        return obj.dose_text()


@admin.register(PlanTemplate)
class PlanTemplateAdmin(admin.ModelAdmin):
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


@admin.register(ClinicPolicy)
class ClinicPolicyAdmin(admin.ModelAdmin):
    list_display = ["__str__", "require_two_factor"]

    def has_add_permission(self, request):
        return not ClinicPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    """Clinic admins manage staff accounts and their roles, but cannot grant themselves (or anyone)
    superuser status or permissions outside the two roles."""

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["is_superuser", "user_permissions"]
        return readonly
