"""The FHIR API's read tokens in Django admin: a clinic admin names a token and picks its scopes, sees
the token once on the next page, and revokes it with the list's action. Tokens are never edited."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse

from intake.fhir.models import ApiToken, TokenScope
from intake.services.api_tokens import api_token_create, api_token_revoke


class ApiTokenForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        choices=TokenScope.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="What the other system may read. Every token is read only.",
    )

    class Meta:
        model = ApiToken
        fields = ["name", "scopes"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    form = ApiTokenForm
    list_display = ["name", "prefix", "scope_list", "created_by", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix"]
    list_select_related = ["created_by"]
    readonly_fields = ["name", "prefix", "scope_list", "created_by", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    @admin.display(description="Scopes")
    def scope_list(self, token: ApiToken) -> str:
        return ", ".join(token.scopes)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def get_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else ["name", "scopes"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # revoked, never deleted: the audit trail names tokens by id

    def save_model(self, request, obj, form, change) -> None:
        if change:
            return  # nothing on a token can be edited
        token, text = api_token_create(
            name=form.cleaned_data["name"], scopes=form.cleaned_data["scopes"], created_by=request.user
        )
        obj.pk = token.pk
        request._fhir_token_text = text  # for response_add only; never stored or logged

    def response_add(self, request, obj, post_url_continue=None):
        """The token, shown this once, on the page itself (not in a message, which a cookie may hold)."""
        return TemplateResponse(
            request,
            "admin/intake/apitoken/created.html",
            {
                **self.admin_site.each_context(request),
                "token": obj,
                "text": request._fhir_token_text,
                "title": "Token created",
                "opts": self.model._meta,
            },
        )

    @admin.action(description="Revoke the selected tokens (they stop working at once)", permissions=["change"])
    def revoke(self, request, queryset) -> None:
        count = api_token_revoke(tokens=queryset)
        messages.success(request, f"{count} token{'s' if count != 1 else ''} revoked.")
