"""Patient-facing views (anonymous) and the health check."""

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache


def start(request: HttpRequest) -> HttpResponse:
    return render(request, "intake/start.html")


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """One trivial query: proves the app and its database answer. Needs no session."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return JsonResponse({"status": "ok"})
