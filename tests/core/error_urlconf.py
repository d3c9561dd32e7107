"""The project's URLs plus views that fail on purpose, for the error-page tests."""

from django.core.exceptions import BadRequest, PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_protect

from kyoso.urls import handler400, handler403, handler404, handler500
from kyoso.urls import urlpatterns as project_urls

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


def bad(request: HttpRequest) -> HttpResponse:
    raise BadRequest("malformed")


def denied(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


@csrf_protect
def form_post(request: HttpRequest) -> HttpResponse:
    return HttpResponse("sent")


urlpatterns = [
    path("test-errors/boom/", boom),
    path("test-errors/bad/", bad),
    path("test-errors/denied/", denied),
    path("test-errors/post/", form_post),
    *project_urls,
]
