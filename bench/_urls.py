"""The project's URLs plus the benchmark floor: a minimal page of 50 rows from the same table."""

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path

from config.urls import urlpatterns as project_urls
from triage.models import Post

FLOOR = engines["django"].from_string(
    "<!DOCTYPE html><ol>{% for p in posts %}<li data-post-id='{{ p.pk }}'>{{ p.score }} "
    "{{ p.text|truncatechars:200 }}</li>{% endfor %}</ol>"
)


def floor(request: HttpRequest, slug: str) -> HttpResponse:
    posts = list(Post.objects.filter(group__slug=slug, status="pending").order_by("-id")[:50])
    return HttpResponse(FLOOR.render({"posts": posts}))


urlpatterns = [path("bench-floor/<slug:slug>/", floor), *project_urls]
