from django.contrib.auth import views as auth_views
from django.urls import path

from groups import views
from groups.forms import LoginForm

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("switch/", views.switch, name="group_switch"),
    path("g/<slug:slug>/", views.group_home, name="group_home"),
    path("g/<slug:slug>/members/", views.members, name="group_members"),
    path("g/<slug:slug>/members/<int:membership_id>/role/", views.member_role, name="member_role"),
    path(
        "g/<slug:slug>/members/<int:membership_id>/remove/",
        views.member_remove,
        name="member_remove",
    ),
    path("g/<slug:slug>/settings/", views.group_settings, name="group_settings"),
    path("g/<slug:slug>/settings/rules/new/", views.rule_edit, name="rule_new"),
    path("g/<slug:slug>/settings/rules/<int:rule_id>/", views.rule_edit, name="rule_edit"),
    path("g/<slug:slug>/settings/replies/new/", views.template_edit, name="template_new"),
    path(
        "g/<slug:slug>/settings/replies/<int:template_id>/",
        views.template_edit,
        name="template_edit",
    ),
    path(
        "g/<slug:slug>/settings/replies/<int:template_id>/delete/",
        views.template_delete,
        name="template_delete",
    ),
    path("g/<slug:slug>/settings/api-tokens/", views.token_list, name="api_tokens"),
    path(
        "g/<slug:slug>/settings/api-tokens/<int:token_id>/revoke/",
        views.token_revoke_view,
        name="api_token_revoke",
    ),
]
