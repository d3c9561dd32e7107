from django.urls import path

from kyoso.accounts.views import audit_log, auth, inbox, members, profile, workspaces

app_name = "accounts"

urlpatterns = [
    # sign-in, sign-out, password and e-mail pages are allauth's (kyoso/urls.py); old addresses redirect
    path("password-reset/", auth.old_password_reset),
    path("password-reset/sent/", auth.old_password_reset),
    path("password-reset/done/", auth.old_password_reset),
    path("password-reset/<uidb64>/<token>/", auth.old_password_reset),
    path("signup/confirm/<str:token>/", auth.old_sign_up_confirm),
    path("profile/", profile.profile, name="profile"),
    path("language/", profile.set_language, name="set_language"),
    path("workspaces/new/", workspaces.workspace_create, name="workspace_create"),
    path("workspaces/switch/", workspaces.workspace_switch, name="workspace_switch"),
    path("workspace/settings/", workspaces.workspace_settings, name="workspace_settings"),
    path("workspace/settings/mfa/", workspaces.workspace_mfa, name="workspace_mfa"),
    path("workspace/leave/", workspaces.workspace_leave, name="workspace_leave"),
    path("workspace/members/", members.member_list, name="members"),
    path("workspace/members/<int:pk>/role/", members.member_role, name="member_role"),
    path("workspace/members/<int:pk>/remove/", members.member_remove, name="member_remove"),
    path("workspace/members/<int:pk>/sessions/end/", members.member_sessions_end, name="member_sessions_end"),
    path("workspace/invitations/", members.invitation_create, name="invitation_create"),
    path("workspace/invitations/<int:pk>/revoke/", members.invitation_revoke, name="invitation_revoke"),
    path("invitation/<str:token>/", members.accept_invitation, name="accept_invitation"),
    path("invitations/", inbox.inbox, name="inbox"),
    path("invitations/<slug:kind>/<int:pk>/accept/", inbox.inbox_accept, name="inbox_accept"),
    path("invitations/<slug:kind>/<int:pk>/decline/", inbox.inbox_decline, name="inbox_decline"),
    path("workspace/audit/", audit_log.audit_log, name="audit_log"),
]
