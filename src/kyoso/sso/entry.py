"""May this session enter workspace W? The one answer for pages, the API and the check-in page.

A workspace sets two rules on the sessions that work in it:

* ``mfa``: the workspace requires two-factor authentication, so the user must have Kyoso's own
  second factor set up, unless the session signed in through this workspace's identity provider:
  the company's IdP is then responsible for the second factor (see `satisfies_mfa_through_sso`).
  A sign-in through one workspace's IdP says nothing about another workspace's MFA rule;
* ``sso``: the owner requires single sign-on, so the session must have signed in through the
  workspace's identity provider recently enough (see `selectors.entered_through_sso`).

`unmet_rules` lists the rules a session does not meet, in the order a person deals with them (set
up two-factor authentication first, then sign in through the identity provider). The middlewares
(`kyoso.accounts.middleware.WorkspaceMfaMiddleware`, `kyoso.sso.middleware.RequireSSOMiddleware`),
the API's workspace resolution and the QR check-in page all ask here, whichever way they found the
workspace (session, header, token in a link).
"""

from __future__ import annotations

from typing import Any

from allauth.mfa.utils import is_mfa_enabled

from kyoso.accounts.models import Workspace
from kyoso.accounts.selectors import memberships_of
from kyoso.sso import selectors

MFA = "mfa"
SSO = "sso"


def unmet_rules(session: Any, user: Any, workspace: Workspace) -> tuple[str, ...]:
    """The workspace's rules this signed-in session does not meet (empty: it may enter).

    `session` is None for a request without a browser session (a personal API token): the MFA rule
    then asks about the account (`satisfies_mfa_through_sso`), and the SSO rule, which is about
    sessions, is not asked (tokens meet it when they are created, see `new_token_refusal`).
    """
    unmet: list[str] = []
    rule = selectors.rule_for(workspace)
    if (
        workspace.mfa_required
        and not is_mfa_enabled(user)
        and not satisfies_mfa_through_sso(session, user, workspace, rule)
    ):
        unmet.append(MFA)
    if session is None:
        return tuple(unmet)
    if rule is not None and rule.require_sso and not selectors.entered_through_sso(session, workspace.pk):
        unmet.append(SSO)
    return tuple(unmet)


def satisfies_mfa_through_sso(
    session: Any, user: Any, workspace: Workspace, rule: selectors.Rule | None = None
) -> bool:
    """Whether the workspace's own identity provider stands in for Kyoso's second factor.

    The IdP is responsible for MFA for the people who sign in through it. A browser session
    qualifies when it signed in through *this* workspace's IdP (the mark the sign-in leaves; its
    age does not matter: a session that proved a second factor stays proven, as with Kyoso's own).
    Without a session (a personal API token) the account qualifies when it is linked to this
    workspace's IdP: such a token was created by a session that met the rule. Only while the
    workspace's SSO is switched on: switching it off hands MFA back to Kyoso.
    """
    rule = rule if rule is not None else selectors.rule_for(workspace)
    if rule is None:
        return False
    if session is None:
        return selectors.account_linked_to(user, rule.provider_id)
    return selectors.signed_in_through_sso(session, workspace.pk)


def may_enter(session: Any, user: Any, workspace: Workspace) -> bool:
    return not unmet_rules(session, user, workspace)


def requires_sso(workspace: Workspace) -> bool:
    rule = selectors.rule_for(workspace)
    return rule is not None and rule.require_sso


def new_token_refusal(session: Any, user: Any, workspace: Workspace | None) -> tuple[str, Workspace] | None:
    """(rule, workspace) when this session may not create a token for `workspace`, else None.

    A token bound to a workspace reaches only that one; a personal token bound to none reaches every
    workspace of its user, so each of them must let this session in. Tokens already issued keep
    working after a rule is switched on: the rules apply when a token is created.
    """
    targets = [workspace] if workspace is not None else [m.workspace for m in memberships_of(user)]
    for target in targets:
        unmet = unmet_rules(session, user, target)
        if unmet:
            return unmet[0], target
    return None


def token_unmet_rules(token: Any, membership: Any) -> tuple[str, ...]:
    """The workspace's rules an API token does not meet when it is used there (empty: it may enter).

    A token has no session, so the rules are read from what the token and its user are:
    ``mfa`` when the workspace requires two-factor authentication and the token's user (the person,
    or the owner who created a service token) has none and is not linked to the workspace's identity
    provider (`unmet_rules` without a session); ``sso`` when the workspace requires single
    sign-on and the token is older than the membership. Creating a token asks the creating session
    to meet every rule of the workspaces it reaches (`new_token_refusal`), so a token that predates
    the membership was never approved for this workspace: without this, a token made elsewhere would
    open a single-sign-on workspace joined later. Tokens created while a member keep working after
    the owner switches the rule on.
    """
    workspace = membership.workspace
    unmet = list(unmet_rules(None, membership.user, workspace))
    if requires_sso(workspace) and token.created_at < membership.created_at:
        unmet.append(SSO)
    return tuple(unmet)
