"""Search through the adapter: Japanese, English, across languages, incremental and cached."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from kyoso.partners import search, services
from kyoso.partners.models import Organisation, SearchIndexState

from .factories import org


def names(workspace, query: str, **kwargs) -> list[str]:
    hits = search.search(workspace.pk, query, **kwargs)
    by_id = Organisation.objects.in_bulk([h.doc_id for h in hits])
    return [by_id[h.doc_id].name for h in hits]


def make_directory(workspace):
    org(
        workspace,
        "株式会社ビジョンテック",
        description="画像認識AIによる外観検査の自動化",
        technologies=["画像認識"],
    )
    org(
        workspace, "ChainPay Inc.", description="Blockchain settlement for banks", technologies=["blockchain"]
    )
    org(
        workspace,
        "みらいモビリティ",
        description="カーシェアリングの配車プラットフォーム",
        industries=["モビリティ"],
    )
    org(
        workspace,
        "FactoryMind GmbH",
        description="Predictive maintenance with vibration sensors",
        technologies=["IoT"],
    )


def test_japanese_and_english_queries(workspace):
    make_directory(workspace)
    assert names(workspace, "外観検査")[0] == "株式会社ビジョンテック"
    assert names(workspace, "predictive maintenance")[0] == "FactoryMind GmbH"


def test_cross_language(workspace):
    make_directory(workspace)
    assert names(workspace, "ブロックチェーン")[0] == "ChainPay Inc."
    assert names(workspace, "image recognition", lang="en")[0] == "株式会社ビジョンテック"
    hit = search.search(workspace.pk, "ブロックチェーン", lang="ja")[0]
    assert any("blockchain" in reason for reason in hit.reasons)


def test_index_follows_writes_without_rebuilding(workspace):
    make_directory(workspace)
    assert names(workspace, "量子コンピュータ") == []
    new = org(workspace, "クオンタムリープ", description="量子コンピュータによる最適化")
    assert names(workspace, "量子コンピュータ") == ["クオンタムリープ"]
    services.update_organisation(organisation=new, by=None, description="配送計画の最適化")
    assert names(workspace, "量子コンピュータ") == []
    services.delete_organisation(organisation=Organisation.objects.get(name="ChainPay Inc."), by=None)
    assert names(workspace, "blockchain") == []


def test_a_current_index_costs_one_query(workspace):
    make_directory(workspace)
    search.search(workspace.pk, "外観検査")
    with CaptureQueriesContext(connection) as ctx:
        search.search(workspace.pk, "外観検査")
    assert len(ctx.captured_queries) == 1


def test_a_new_process_starts_from_the_stored_index(workspace):
    make_directory(workspace)
    search.refresh(workspace.pk)
    state = SearchIndexState.objects.get(workspace=workspace)
    assert state.data and state.data_version == state.version
    search.forget_memory()
    assert names(workspace, "外観検査")[0] == "株式会社ビジョンテック"


def test_workspaces_do_not_share_an_index(workspace, other_workspace):
    make_directory(workspace)
    org(other_workspace, "他社のAI企業", description="外観検査")
    assert "他社のAI企業" not in names(workspace, "外観検査")
    assert names(other_workspace, "外観検査") == ["他社のAI企業"]


def test_needs_and_offers_feed_the_organisation_document(workspace):
    startup = org(workspace, "無名スタートアップ")
    assert names(workspace, "ドローン") == []
    services.create_offer(
        organisation=startup, by=None, title="ドローン点検サービス", description="橋梁の点検"
    )
    assert names(workspace, "ドローン") == ["無名スタートアップ"]
