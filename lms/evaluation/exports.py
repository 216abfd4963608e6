"""The frozen result as the evaluation needs it: 부서 · 항목별 실적 · 항목별 점수 · 가점 합계, with the evidence
(which completion records counted) and the rules, so anyone can trace a point back to the records.

Department-level figures and record numbers only: no names or e-mail addresses, so this file carries no
personal data beyond the opaque ids the records already use. It, and the rates dashboard's table, go out
through HR's audited export (the export kinds at the end, registered in apps.py)."""

import io

from django.core.exceptions import PermissionDenied
from openpyxl import Workbook

from lms.hr.export_kinds import ExportKind, table_writer
from lms.people.selectors import roster_scope
from lms.records.registry import completion_categories, learnable_kinds

from .blocks import Metric
from .selectors import frozen_result_part, frozen_result_scope


def _safe(value):
    """Text that Excel would read as a formula is written as text (department names come from files)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


INSTITUTION_SCORE_HEADING = "기관성과평가 환산 (10점)"


def _optional_number(value):
    """A number, or an empty cell for a result without it (rules mapping nothing, older results)."""
    return None if value in (None, "") else float(value)


def _band_text(band):
    upper = "" if band["upper"] in (None, "") else f" {band['upper']} 미만"
    return f"{band['lower']} 이상{upper} {band['points']}점"


def frozen_result_workbook(part):
    """The workbook of a selectors.FrozenResultPart: the whole result for HR, one subtree for a manager."""
    frozen = part.frozen
    workbook = Workbook(write_only=True)
    results = workbook.create_sheet("확정 결과")
    item_names = [item["name"] for item in part.results[0]["items"]] if part.results else []
    title = f"{frozen.evaluation_year}년 민원서비스 향상 노력도 가점 · 기준일 {frozen.reference_date:%Y-%m-%d}"
    if not part.whole:
        title += f" · {part.department['name']} 및 하위 부서만"
    results.append([_safe(title)])
    results.append(["부서코드", "부서"] + [f"{name} 실적" for name in item_names] + [f"{name} 점수" for name in item_names] + ["가점 합계", INSTITUTION_SCORE_HEADING])
    for row in part.results:
        results.append(
            [_safe(row["code"]), _safe(row["name"])]
            + [float(item["value"]) for item in row["items"]]
            + [float(item["points"]) for item in row["items"]]
            + [float(row["total"]), _optional_number(row.get("institution_score"))]
        )

    rules = workbook.create_sheet("가점 기준")
    rules.append(["항목", "실적 지표", "집계할 학습", "집계할 분류", "최소 완료 수", "점수 방식", "구간 / 단위당 점수", "항목 상한"])
    labels = {kind.key: kind.label for kind in learnable_kinds()}
    categories = {category: label for category, (_kind, label) in completion_categories().items()}
    for block in frozen.snapshot["rules"]["items"]:
        item = block["value"]
        if item["scoring"] == "bands":
            scoring = ", ".join(_band_text(band["value"]) for band in item["bands"])
        else:
            scoring = f"단위당 {item['points_per_unit']}점"
        rules.append([
            _safe(item["name"]), Metric.LABELS.get(item["metric"], item["metric"]),
            ", ".join(labels.get(kind, kind) for kind in item["counted_kinds"]),
            _safe(", ".join(categories.get(category, category) for category in item.get("counted_categories") or ())),
            item["minimum_completions"],
            "구간별" if item["scoring"] == "bands" else "단위당", scoring, float(item["cap"]),
        ])
    rules.append(["가점 합계 상한", frozen.snapshot["rules"]["total_cap"]])
    for block in frozen.snapshot["rules"].get("institution_score", []):
        rules.append([INSTITUTION_SCORE_HEADING, ", ".join(_band_text(band["value"]) for band in block["value"]["bands"])])
    rules.append(["소속 기준", frozen.get_attribution_display()])
    rules.append(["기준 버전(revision)", frozen.revision_id])
    rules.append(["해시(SHA-256)", frozen.digest])

    evidence = workbook.create_sheet("근거 이수기록")
    departments = {department["pk"]: department for department in frozen.snapshot["departments"]}
    evidence.append(["이수기록 번호", "사용자 번호", "당시 소속", "학습 종류", "학습 항목", "이수일", "분류"])
    for pk, user, department, kind, key, day, *category in part.records:
        where = departments.get(department, {}).get("name", "")
        category = category[0] if category else ""  # older snapshots have no category column
        evidence.append([pk, user, _safe(where), labels.get(kind, kind), _safe(key), day, _safe(categories.get(category, category))])

    roster = workbook.create_sheet("기준일 명단")
    roster.append(["사용자 번호", "기준일 소속"])
    for user, department in part.members:
        roster.append([user, _safe(departments.get(department, {}).get("name", ""))])

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rates_filters(form, scope):
    """What the audit row of a dashboard export keeps: the year, the scope and the dashboard's query."""
    department = None if not hasattr(scope, "pk") else {"id": scope.pk, "code": scope.code, "name": scope.name}
    query = {name: form.data[name] for name in form.fields if form.data.get(name) not in (None, "")}
    return {"year": form.cleaned_data["year"], "department": department, "query": query}


def rates_table(export):
    """The dashboard's tree as filtered, within the requester's scope when the file is made (a narrowed
    scope holds; the query names no department, so it cannot widen it)."""
    from .forms import RatesFilterForm

    scope = roster_scope(export.requested_by)
    if scope is None:
        raise PermissionDenied("부서별 이수율을 볼 권한이 없습니다.")
    form = RatesFilterForm(export.filters["query"])
    if not form.is_valid():
        raise ValueError(form.errors.as_text())
    _table, rates = form.scoped_rates(scope)
    header = ["부서코드", "부서", "단계", "본청/사업소", "고강도 민원접점", "대상 인원", "이수 인원", "이수율(%)"]
    rows = (
        [rate.code, rate.name, rate.depth, "사업소" if rate.field_office else "본청", "예" if rate.high_intensity else "",
         rate.total.staff, rate.total.completed, None if rate.total.rate is None else float(rate.total.rate)]
        for rate in rates
    )
    return "부서별 이수율", header, rows


RATES_EXPORT = ExportKind(key="evaluation_rates", label="부서별 이수율", write=table_writer(rates_table))


def frozen_filters(part):
    department = part.department
    return {
        "year": part.frozen.evaluation_year,
        "frozen_result": part.frozen.pk,
        "department": None if department is None else {"id": department["pk"], "code": department["code"], "name": department["name"]},
    }


def write_frozen_result(export, path):
    """The frozen result's workbook, cut to the requester's scope when it is made."""
    from .models import FrozenResult

    frozen = FrozenResult.objects.select_related("revision").get(pk=export.filters["frozen_result"])
    department = export.filters["department"]
    scope = frozen_result_scope(export.requested_by)
    part = None if scope is None else frozen_result_part(
        frozen, scope=scope, department_id=department["id"] if department else None
    )
    if part is None:
        raise PermissionDenied("확정된 평가 결과를 볼 권한이 없습니다.")
    with open(path, "wb") as handle:
        handle.write(frozen_result_workbook(part))
    return len(part.results)


FROZEN_RESULT_EXPORT = ExportKind(
    key="evaluation_final", label="확정된 평가 결과", write=write_frozen_result, formats=("xlsx",)
)
