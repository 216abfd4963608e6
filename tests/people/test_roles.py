"""Each role gets exactly what its job needs in the admin: the menu it sees, and what it can open."""

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lms.people import roles
from media_pipeline.models import Video

from .conftest import make_person

SIDEBAR_PROPS = re.compile(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', re.S)


def _unpack(value, seen):
    """Undo telepath's packing of repeated values ({"_val": v, "_id": n} … {"_ref": n})."""
    if isinstance(value, dict):
        if "_ref" in value:
            return seen[value["_ref"]]
        if "_val" in value:
            seen[value["_id"]] = unpacked = _unpack(value["_val"], seen)
            return unpacked
        return {key: _unpack(item, seen) for key, item in value.items()}
    if isinstance(value, list):
        return [_unpack(item, seen) for item in value]
    return value


def _labels(items):
    labels = set()
    for item in items:
        options = item["_args"][0]
        labels.add(options["label"])
        if item["_type"] == "wagtail.sidebar.SubMenuItem":
            labels |= {f"{options['label']} › {label}" for label in _labels(item["_args"][1])}
    return labels


def menu_of(client, user):
    """The labels of the admin menu `user` sees, submenus as "menu › item" (Wagtail's help menu left out)."""
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    props = _unpack(json.loads(SIDEBAR_PROPS.search(response.content.decode()).group(1)), {})
    menu = next(module for module in props["modules"] if module["_type"] == "wagtail.sidebar.MainMenuModule")
    return {label for label in _labels(menu["_args"][0]) if label != "도움말" and not label.startswith("도움말 ›")}


def test_staff_have_no_admin(client, staff_user):
    client.force_login(staff_user)
    response = client.get("/admin/")
    assert response.status_code == 302 and response.url.startswith("/admin/login/")


REPORTS = {"리포트", "리포트 › 워크플로우", "리포트 › 워크플로우 작업", "리포트 › 사이트 자취", "리포트 › 오래된 페이지"}


def test_editor_menu(client, editor_user):
    assert menu_of(client, editor_user) == {
        "페이지",
        "이미지",
        "문서",
        "동영상",
        "SCORM 패키지",
        "스니펫",  # U-지식여행 주제
        "설정",
        "설정 › 사이트 설정",
        "설정 › 이러닝 과정 설정",
    } | REPORTS | {"리포트 › 잠긴 페이지", "리포트 › 페이지 유형별 사용 현황"}


def test_hr_menu(client, hr_user):
    assert menu_of(client, hr_user) == {
        "부서",
        "직원 명단",
        "직원 명단 가져오기",
        "과정 배정",
        "로그인 보안",
        "로그인 보안 › 로그인 잠금",
        "로그인 보안 › 로그인 기록",
        "로그인 보안 › 로그인 실패 기록",
        "만족도 조사",
        "만족도 조사 › 결과",
        "만족도 조사 › 질문지",
        "만족도 조사 › 조사 대상",
        "집합교육",
        "집합교육 › 프로그램",
        "집합교육 › 교육 회차",
        "집합교육 › 교육 신청",
        "집합교육 › 출석",
        "집합교육 › 출석 가져오기",
        "집합교육 › 외부 이수 기록 가져오기",
        "집합교육 › 교육 종류",
        "이수 기록 내보내기",
        "개인정보 내보내기 기록",
        "부서별 이수율",
        "확정된 평가 결과",
        "가점 기준",
    }


def test_department_manager_menu_is_read_only(client, departments):
    manager = make_person(
        "9000004", departments["CSV-OPEN"], name="최부서", groups=[roles.DEPARTMENT_MANAGER], managed=departments["CSV-OPEN"]
    )
    assert menu_of(client, manager) == {
        "부서", "직원 명단", "만족도 조사", "만족도 조사 › 결과", "집합교육", "집합교육 › 교육 신청", "집합교육 › 출석",
        "이수 기록 내보내기", "부서별 이수율", "확정된 평가 결과",
    }
    assert client.get("/admin/people/staff/").status_code == 200
    assert client.get("/admin/snippets/people/department/add/").status_code in {302, 403}


def test_editor_opens_the_video_add_form_and_uploads(client, editor_user, django_capture_on_commit_callbacks):
    client.force_login(editor_user)
    add_url = "/admin/snippets/media_pipeline/video/add/"
    form = client.get(add_url)
    assert form.status_code == 200
    assert 'name="source"' in form.content.decode()
    upload = SimpleUploadedFile("민원 응대 1차시.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 2048, content_type="video/mp4")
    with django_capture_on_commit_callbacks():  # the transcode is queued at commit; not run here
        response = client.post(
            add_url,
            {
                "title": "민원 응대 1차시",
                "description": "",
                "source": upload,
                "captions-TOTAL_FORMS": "0",
                "captions-INITIAL_FORMS": "0",
                "captions-MIN_NUM_FORMS": "0",
                "captions-MAX_NUM_FORMS": "1000",
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    video = Video.objects.get(title="민원 응대 1차시")
    assert video.uploaded_by == editor_user
    assert video.original_filename == "민원 응대 1차시.mp4"
