from django.contrib.auth import views as auth_views
from django.urls import path

from groups import views, views_twofactor
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
    path("account/two-factor/", views_twofactor.two_factor, name="two_factor"),
    path("account/two-factor/setup/", views_twofactor.two_factor_setup, name="two_factor_setup"),
    path("account/two-factor/verify/", views_twofactor.two_factor_verify, name="two_factor_verify"),
    path("account/two-factor/remove/", views_twofactor.two_factor_remove, name="two_factor_remove"),
    path(
        "g/<slug:slug>/members/<int:membership_id>/two-factor-reset/",
        views_twofactor.member_two_factor_reset,
        name="member_two_factor_reset",
    ),
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
