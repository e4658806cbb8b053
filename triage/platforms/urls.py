from django.urls import path

from triage.platforms import views, webhook

urlpatterns = [
    path("g/<slug:slug>/platform/", views.checklist, name="platform_checklist"),
    path("g/<slug:slug>/platform/done/", views.checklist_done, name="platform_done"),
    path("g/<slug:slug>/platform/retry/", views.retry, name="platform_retry"),
    path("g/<slug:slug>/settings/telegram/", views.telegram_link, name="telegram_link"),
    path("g/<slug:slug>/settings/telegram/rights/", views.telegram_rights, name="telegram_rights"),
    path("telegram/hook/<int:group_id>/", webhook.telegram_webhook, name="telegram_webhook"),
]
