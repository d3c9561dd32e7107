"""Shared test set-up: a workspace and its named people, so tests read as stories.

owner, member, executive and viewer belong to `workspace`; outsider is the
owner of `other_workspace` and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client, override_settings
from django.utils import translation

from kyoso.accounts.models import Membership, Role, User, Workspace
from kyoso.events import clock

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True, scope="session")
def _immediate_tasks() -> Iterator[None]:
    # Background tasks run inline in tests, so a test sees their result at once.
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    ):
        yield


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    # Rate limits (sign-in, API) count in the cache; each test starts with none spent.
    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    # The active language is per thread and outlives a test; start each one in Kyoso's default.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def make_user(email: str, name: str = "", language: str = "ja") -> User:
    return User.objects.create_user(email, PASSWORD, name=name, language=language)


def add_member(workspace: Workspace, user: User, role: str) -> Membership:
    return Membership.objects.create(workspace=workspace, user=user, role=role)


@pytest.fixture
def workspace(db: None) -> Workspace:
    return Workspace.objects.create(name="テスト株式会社 OI推進室", slug="test-ws")


@pytest.fixture
def other_workspace(db: None) -> Workspace:
    return Workspace.objects.create(name="他社株式会社", slug="other-ws")


@pytest.fixture
def owner(workspace: Workspace) -> User:
    user = make_user("owner@example.com", "オーナー")
    add_member(workspace, user, Role.OWNER)
    return user


@pytest.fixture
def member(workspace: Workspace) -> User:
    user = make_user("member@example.com", "メンバー")
    add_member(workspace, user, Role.MEMBER)
    return user


@pytest.fixture
def executive(workspace: Workspace) -> User:
    user = make_user("exec@example.com", "役員")
    add_member(workspace, user, Role.EXECUTIVE)
    return user


@pytest.fixture
def viewer(workspace: Workspace) -> User:
    user = make_user("viewer@example.com", "閲覧者")
    add_member(workspace, user, Role.VIEWER)
    return user


@pytest.fixture
def outsider(other_workspace: Workspace) -> User:
    user = make_user("outsider@example.com", "部外者")
    add_member(other_workspace, user, Role.OWNER)
    return user


@pytest.fixture
def login() -> Callable[[User], Client]:
    """login(user) -> a Client with that user logged in."""

    def _login(user: User, *, fresh: bool = True) -> Client:
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        if fresh:
            just_signed_in(client, user)
        return client

    return _login


def just_signed_in(client: Client, user: User, *, seconds_ago: float = 0) -> None:
    """Record in the client's session that `user` signed in with a password `seconds_ago`, as allauth's
    sign-in does: sensitive actions (kyoso.accounts.reauth) accept a recent one."""
    import time

    from allauth.account.internal.flows.login import (
        _AUTHENTICATION_METHODS_USER_SESSION_KEY,
        AUTHENTICATION_METHODS_SESSION_KEY,
    )

    session = client.session
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time() - seconds_ago, "email": user.email, "reauthenticated": True}
    ]
    session.save()


def join_by_invitation(
    client: Client, path: str, name: str = "招待 花子", password: str = "a-Long-passphrase-42", **posted: str
):
    """A person without an account follows an invitation link: the sign-up (allauth) with the invited
    address, back to the link signed in, and the join. Returns the join's response."""
    from django.urls import reverse

    response = client.post(path, {})
    assert response.status_code == 302, response.status_code
    assert response["Location"].startswith(reverse("account_signup")), response["Location"]
    response = client.post(response["Location"], {"name": name, "password1": password, **posted})
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert response["Location"] == path, response["Location"]
    return client.post(path, {})


# The factories' events are on 2026-12-01 with slots from 10:00 (Tokyo); check-in is only open on
# that day, so tests of the day itself put "now" at its noon.
EVENT_DAY_NOON = datetime(2026, 12, 1, 12, 0, tzinfo=ZoneInfo("Asia/Tokyo"))


@pytest.fixture
def at_time(monkeypatch: pytest.MonkeyPatch) -> Callable[[datetime], None]:
    """at_time(datetime): the events clock reads that moment as now."""

    def move(moment: datetime) -> None:
        monkeypatch.setattr(clock, "now", lambda: moment)

    return move


@pytest.fixture
def on_event_day(at_time: Callable[[datetime], None]) -> None:
    at_time(EVENT_DAY_NOON)
