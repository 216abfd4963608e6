"""Background index updates: the upgrade's caption and manual backfill, and dictionary edits on Elasticsearch
(the request bodies it gets, in order; no server here), with a visible status and a retry."""

import importlib
from types import SimpleNamespace
from unittest import mock

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.test import override_settings
from elasticsearch import ConnectionError as ElasticsearchConnectionError
from elasticsearch._sync.client.indices import IndicesClient
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from courses.models import VideoLessonPage
from media_pipeline.models import Caption
from search import receivers
from search.elasticsearch import KoreanElasticsearchBackend
from search.models import IndexUpdate, SearchTerm
from tests.courses.conftest import make_course
from tests.knowledge_trip.factories import make_video
from tests.search.test_elasticsearch import FAKE_SERVER
from tests.search.test_searchable import found
from tests.webtoons.factories import make_document, make_manual
from webtoons.demo_art import manual_pdf
from webtoons.models import ManualEdition

pytestmark = pytest.mark.django_db
backfill = importlib.import_module("search.migrations.0004_backfill_caption_and_manual_text")
MIGRATED = [(SimpleNamespace(app_label="search", name="0004_backfill_caption_and_manual_text"), False)]
VTT = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v 강사>회복탄력성을 기르는 호흡법\n\n2\n00:00:05.000 --> 00:00:07.000\n숨을 고릅니다\n"


def old_caption(video, content=VTT.encode("utf-8")):
    """A caption as uploaded before its text was kept: the file, no text."""
    caption = Caption.objects.create(video=video, file=ContentFile(content, name="old.vtt"))
    Caption.objects.filter(pk=caption.pk).update(text="")
    return caption


def test_the_upgrade_fills_caption_and_manual_text_and_indexes_their_pages_again(
    staff_client, django_capture_on_commit_callbacks
):
    course = make_course()
    video = make_video("감정노동 영상")
    caption = old_caption(video)
    lesson = course.add_child(instance=VideoLessonPage(title="9차시 마음 돌보기", video=video))
    broken = old_caption(make_video("깨진 자막"), b"\xff\xfe not a caption")
    manual = make_manual()
    edition = manual.current_edition()
    edition.document = make_document("증보판", manual_pdf("대응매뉴얼", "증보판", [("녹취 안내", ["통화 녹취를 미리 알립니다."])]))
    edition.save()
    ManualEdition.objects.filter(page=manual).update(text="", text_error="")
    manual.save()  # indexed as an upgraded database has it: no caption text, no PDF text
    assert "9차시" not in found(staff_client, "회복탄력성")

    backfill.fill_caption_text(apps, None)
    backfill.fill_manual_text(apps, None)
    with django_capture_on_commit_callbacks(execute=True):  # after migrate, in autocommit: queued at once
        receivers.backfilled(sender=None, plan=MIGRATED)

    caption.refresh_from_db(), broken.refresh_from_db()
    assert caption.text == "회복탄력성을 기르는 호흡법 숨을 고릅니다"
    assert broken.text == ""  # unreadable: left as it was, the migration goes on
    assert "통화 녹취를 미리 알립니다" in ManualEdition.objects.get(pk=edition.pk).text
    update = IndexUpdate.objects.get()
    assert update.status == IndexUpdate.Status.DONE
    assert set(update.page_ids) == {lesson.pk, manual.pk} and update.pages_indexed == 2
    assert "9차시 마음 돌보기" in found(staff_client, "회복탄력성")
    assert "악성민원 대응매뉴얼" in found(staff_client, "녹취")


def test_nothing_is_queued_when_the_backfill_did_not_run_in_this_migrate():
    receivers.backfilled(sender=None, plan=[])
    receivers.backfilled(sender=None, plan=MIGRATED)  # an empty database: no page to index
    assert not IndexUpdate.objects.exists()


@pytest.fixture
def fake_es():
    """Elasticsearch's client with every call this feature makes recorded, in order, on one mock."""
    calls = mock.Mock()
    calls.exists.return_value = True
    calls.exists_alias.return_value = False
    with override_settings(WAGTAILSEARCH_BACKENDS=FAKE_SERVER), \
            mock.patch.object(IndicesClient, "exists", calls.exists), \
            mock.patch.object(IndicesClient, "exists_alias", calls.exists_alias), \
            mock.patch.object(IndicesClient, "close", calls.close), \
            mock.patch.object(IndicesClient, "put_settings", calls.put_settings), \
            mock.patch.object(IndicesClient, "open", calls.open), \
            mock.patch("elasticsearch.Elasticsearch.search", calls.search), \
            mock.patch.object(KoreanElasticsearchBackend, "bulk", calls.bulk):
        yield calls


def test_a_new_term_updates_elasticsearchs_analysis_and_indexes_the_pages_that_mention_it(
    fake_es, django_capture_on_commit_callbacks
):
    course = make_course(title="민원콜센터 상담 과정")
    fake_es.search.return_value = {"hits": {"hits": [{"_id": str(course.pk)}]}}

    with django_capture_on_commit_callbacks(execute=True):
        SearchTerm.objects.create(term="민원콜센터", parts="민원 콜 센터", synonyms="다산콜")

    update = IndexUpdate.objects.get()
    assert (update.status, update.terms, update.pages_indexed) == (IndexUpdate.Status.DONE, ["민원콜센터"], 1)
    names = [name for name, _args, _kwargs in fake_es.mock_calls if not name.startswith("exists")]
    page_index = get_search_backend().get_index_for_model(Page).name
    assert names.index("search") < names.index("close")  # found while the index still has the old words
    search = fake_es.search.call_args.kwargs
    assert search["index"] == page_index
    assert search["query"] == {
        "bool": {"should": [{"match_phrase": {"_all_text": "민원콜센터"}}], "minimum_should_match": 1}
    }
    assert page_index in [call.kwargs["index"] for call in fake_es.close.call_args_list]
    analysis = fake_es.put_settings.call_args.kwargs["settings"]["analysis"]
    assert "민원콜센터 민원 콜 센터" in analysis["tokenizer"]["korean_tokenizer"]["user_dictionary_rules"]
    assert "민원콜센터, 다산콜" in analysis["filter"]["korean_synonyms"]["synonyms"]
    assert [call.kwargs["index"] for call in fake_es.open.call_args_list] == [
        call.kwargs["index"] for call in fake_es.close.call_args_list
    ]
    (_client, actions), bulk_kwargs = fake_es.bulk.call_args
    assert bulk_kwargs["index"] == page_index
    assert [action["_id"] for action in actions] == [str(course.pk)]
    assert names[-1] == "bulk"


def test_a_renamed_term_looks_for_its_old_and_new_spelling(fake_es, django_capture_on_commit_callbacks):
    fake_es.search.return_value = {"hits": {"hits": []}}
    with django_capture_on_commit_callbacks(execute=True):
        term = SearchTerm.objects.create(term="민원콜")

    with django_capture_on_commit_callbacks(execute=True):
        term.term = "민원콜센터"
        term.save()

    assert IndexUpdate.objects.first().terms == ["민원콜", "민원콜센터"]
    should = fake_es.search.call_args.kwargs["query"]["bool"]["should"]
    assert should == [{"match_phrase": {"_all_text": "민원콜"}}, {"match_phrase": {"_all_text": "민원콜센터"}}]


def test_the_database_backend_needs_no_index_update_for_a_term():
    SearchTerm.objects.create(term="민원콜센터")
    assert not IndexUpdate.objects.exists()


def test_a_server_that_fails_leaves_a_visible_failure_the_index_reopened_and_a_retry(
    fake_es, django_capture_on_commit_callbacks, admin_client
):
    fake_es.search.return_value = {"hits": {"hits": []}}
    fake_es.put_settings.side_effect = ElasticsearchConnectionError("connection refused")

    with django_capture_on_commit_callbacks(execute=True):
        SearchTerm.objects.create(term="민원콜센터")

    update = IndexUpdate.objects.get()
    assert update.status == IndexUpdate.Status.FAILED
    assert "검색 서버가 응답하지 않았습니다" in update.message
    assert fake_es.open.call_count == fake_es.close.call_count > 0  # never left closed
    listing = admin_client.get("/admin/snippets/search/indexupdate/").content.decode()
    assert "실패: 색인에 반영하지 못했습니다" in listing and "다시 시도" in listing

    fake_es.put_settings.side_effect = None
    retry_url = f"/admin/snippets/search/indexupdate/retry/{update.pk}/"
    assert "다시 시도" in admin_client.get(retry_url).content.decode()  # a GET only asks
    assert IndexUpdate.objects.get().status == IndexUpdate.Status.FAILED
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(retry_url)

    assert response.status_code == 302
    update.refresh_from_db()
    assert (update.status, update.message) == (IndexUpdate.Status.DONE, "")


def test_edits_made_before_a_queued_update_starts_join_it(fake_es, django_capture_on_commit_callbacks):
    with mock.patch("search.tasks.apply_index_update") as task:
        with django_capture_on_commit_callbacks(execute=True):
            SearchTerm.objects.create(term="민원콜센터")
            SearchTerm.objects.create(term="다산콜센터")

    assert list(IndexUpdate.objects.values_list("terms", flat=True)) == [["다산콜센터", "민원콜센터"]]
    assert task.enqueue.call_count == 1


def test_a_department_is_a_dictionary_term_only_when_its_name_is_new(fake_es):
    from lms.people.models import Department, DepartmentKind

    department = Department.add_root(code="D-100", name="민원콜센터", kind=DepartmentKind.DIVISION)
    IndexUpdate.objects.all().delete()
    department.kind = DepartmentKind.TEAM
    department.save()
    assert not IndexUpdate.objects.exists()

    department.name = "다산콜센터"
    department.save()
    assert IndexUpdate.objects.get().terms == ["다산콜센터", "민원콜센터"]
