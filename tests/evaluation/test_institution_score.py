"""기관성과평가 환산: HR maps a department's 가점 합계 into the 10-point item '민원서비스 우수기관 평가결과',
validated like the item bands; shown in what-if and on the frozen result, stored in it (under its hash)
and in its XLSX."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lms.evaluation.blocks import InstitutionScoreBlock
from lms.evaluation.models import FrozenResult
from lms.evaluation.selectors import department_scores
from lms.evaluation.services import copy_rule_set, freeze_result, results_from_snapshot
from lms.evaluation.snapshots import digest
from tests.evaluation.conftest import REFERENCE_DATE, frozen_download
from tests.evaluation.test_freeze import published
from tests.evaluation.test_freeze_admin import hr_client  # noqa: F401 (a fixture)
from tests.evaluation.test_rules import messages_of
from tests.evaluation.test_scores import band
from tests.factories import make_staff

pytestmark = pytest.mark.django_db

MAPPING = [band(2, None, 10), band(1, 2, 6), band(0, 1, 2)]


def mapping(bands):
    return [("mapping", {"bands": bands})]


def mapped_rules(bands=MAPPING):
    rules = published()
    rules.institution_score = mapping(bands)
    rules.full_clean()
    rules.save_revision().publish()
    rules.refresh_from_db()
    return rules


def mapping_errors(bands):
    """What the rule editor shows beside the mapping (Wagtail validates blocks in its form)."""
    block = InstitutionScoreBlock()
    with pytest.raises(ValidationError) as caught:
        block.clean(block.to_python({"bands": bands}))
    return " ".join(messages_of(caught.value))


def test_the_mapping_is_validated_like_the_item_bands():
    assert InstitutionScoreBlock().clean(InstitutionScoreBlock().to_python({"bands": MAPPING}))
    assert "겹칩니다" in mapping_errors([band(2, None, 10), band(1, 3, 6)])
    assert "1~2 사이가 어느 구간에도 속하지 않습니다" in mapping_errors([band(2, None, 10), band(0, 1, 6)])
    assert "환산 만점(10점)보다 큽니다" in mapping_errors([band(2, None, 12), band(0, 2, 6)])
    assert "'미만' 값은 '이상' 값보다 커야 합니다" in mapping_errors([band(2, 1, 10)])


def test_each_department_gets_its_mapped_score(organisation):
    rules = mapped_rules()
    scores = {entry.rate.code: (entry.total, entry.institution_score) for entry in department_scores(
        rule_set=rules, reference_date=REFERENCE_DATE)}
    # 서울특별시 2.5 points → 10; 소통팀 1 → 6; 요금과 0 → 2.
    assert scores["SEOUL"] == (Decimal("2.50"), Decimal("10.00"))
    assert scores["CIVIC-TEAM"] == (Decimal("1.00"), Decimal("6.00"))
    assert scores["WATER-BILL"] == (Decimal("0.00"), Decimal("2.00"))
    rules.institution_score = []
    unmapped = department_scores(rule_set=rules, reference_date=REFERENCE_DATE)
    assert {entry.institution_score for entry in unmapped} == {None}


def test_the_frozen_result_stores_the_mapped_score_under_its_hash(organisation):
    frozen = freeze_result(rule_set=mapped_rules(), reference_date=REFERENCE_DATE, user=make_staff("2019009", "정확정"))
    frozen = FrozenResult.objects.get(pk=frozen.pk)
    by_code = {row["code"]: row for row in frozen.results}
    assert by_code["SEOUL"]["institution_score"] == "10.00" and by_code["CIVIC-TEAM"]["institution_score"] == "6.00"
    assert results_from_snapshot(frozen.snapshot) == frozen.results
    tampered = [dict(row, institution_score="10.00") for row in frozen.results]
    assert digest({"snapshot": frozen.snapshot, "results": tampered}) != frozen.digest
    # A snapshot from before the mapping existed recomputes to results without it.
    old_rules = {key: value for key, value in frozen.snapshot["rules"].items() if key != "institution_score"}
    old = results_from_snapshot(dict(frozen.snapshot, rules=old_rules))
    assert old == [{key: value for key, value in row.items() if key != "institution_score"} for row in frozen.results]


def test_what_if_the_frozen_page_and_the_xlsx_show_it(organisation, hr_client):
    rules = mapped_rules()
    rules.institution_score = mapping([band(1, None, 10), band(0, 1, 4)])
    rules.save_revision()
    preview = hr_client.get(reverse("evaluation_what_if", args=[rules.pk]), {"reference_date": REFERENCE_DATE.isoformat()})
    assert "기관성과평가 환산 (10점): 게시 → 초안" in preview.text
    assert "6.00 → 10.00" in preview.text  # 소통팀: 1 point, 6 under the published mapping, 10 under the draft's
    rules.refresh_from_db()
    freeze_page = hr_client.get(reverse("evaluation_freeze", args=[rules.pk]))
    assert "가점 2점 이상 10점, 가점 1점 이상 2점 미만 6점, 가점 0점 이상 1점 미만 2점" in freeze_page.text
    frozen = freeze_result(rule_set=rules, reference_date=REFERENCE_DATE, user=make_staff("2019009", "정확정"))
    page = hr_client.get(reverse("evaluation_frozen_result", args=[frozen.pk]))
    assert "<th scope=\"col\">기관성과평가 환산 (10점)</th>" in page.text and "10.00점" in page.text
    _response, content = frozen_download(hr_client, frozen)
    rows = list(openpyxl.load_workbook(io.BytesIO(content), read_only=True)["확정 결과"].iter_rows(values_only=True))
    assert rows[1][-1] == "기관성과평가 환산 (10점)"
    assert {row[0]: row[-1] for row in rows[2:]}["CIVIC-TEAM"] == 6


def test_copying_a_rule_set_keeps_its_mapping(organisation):
    copy = copy_rule_set(source=mapped_rules(), evaluation_year=2027)
    assert [band["points"] for band in copy.institution_bands] == [Decimal(10), Decimal(6), Decimal(2)]
