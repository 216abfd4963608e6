"""Writes to the organisation: the department tree.

Every structural change goes through treebeard (add_root / add_child / move) so materialized paths
stay consistent; callers never assign `path` themselves.
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lms.home.korean import josa
from lms.uploads import UploadAlreadyApplied, apply_upload_once, delete_abandoned_uploads

from .models import Department, DepartmentKind, RosterUpload
from .roster import RosterPlan, apply_roster, preview_roster
from .tabular import TableError, read_table

DEFAULT_DEPARTMENTS_CSV = Path(__file__).resolve().parent / "data" / "departments.csv"
DEPARTMENT_COLUMNS = ["code", "name", "parent_code", "kind", "high_intensity"]
TRUE_VALUES = {"1", "true", "y", "yes", "예", "o"}
FALSE_VALUES = {"0", "false", "n", "no", "아니오", "x", ""}

CYCLE_MESSAGE = "부서를 자기 자신이나 자신의 하위 부서 아래로 옮길 수 없습니다."


class DepartmentFileError(Exception):
    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


@dataclass(frozen=True)
class DepartmentSpec:
    code: str
    name: str
    parent_code: str
    kind: str
    high_intensity: bool


@dataclass
class DepartmentLoadSummary:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)
    unchanged: int = 0

    def __str__(self):
        return (
            f"부서 {len(self.created)}개 추가, {len(self.updated)}개 수정"
            f"(이동 {len(self.moved)}개 포함), {self.unchanged}개 변경 없음"
        )


def read_departments_file(path) -> list[DepartmentSpec]:
    """Parse a department CSV/XLSX (columns code, name, parent_code, kind, high_intensity)."""
    path = Path(path)
    try:
        table = read_table(path.read_bytes(), path.name)
    except OSError as error:
        raise DepartmentFileError([f"파일을 열 수 없습니다: {path} ({error.strerror})"]) from error
    except TableError as error:
        raise DepartmentFileError([str(error)]) from error
    missing = [column for column in DEPARTMENT_COLUMNS if column not in table.headers]
    if missing:
        raise DepartmentFileError([f"필수 열이 없습니다: {', '.join(missing)}"])
    specs, errors = [], []
    kinds = set(DepartmentKind.values)
    for number, row in table.rows:
        flag = row["high_intensity"].lower()
        if row["kind"] not in kinds:
            errors.append(f"{number}행: 구분은 {', '.join(DepartmentKind.values)} 중 하나여야 합니다: {row['kind']}")
        if flag not in TRUE_VALUES | FALSE_VALUES:
            errors.append(f"{number}행: high_intensity는 1 또는 0이어야 합니다: {row['high_intensity']}")
        if not row["code"] or not row["name"]:
            errors.append(f"{number}행: 부서코드와 부서명은 비워 둘 수 없습니다.")
        specs.append(
            DepartmentSpec(
                code=row["code"],
                name=row["name"],
                parent_code=row["parent_code"],
                kind=row["kind"],
                high_intensity=flag in TRUE_VALUES,
            )
        )
    if errors:
        raise DepartmentFileError(errors)
    return specs


@transaction.atomic
def load_departments(specs) -> DepartmentLoadSummary:
    """Create or update departments by code; parents first. Idempotent: a second run changes nothing."""
    specs = list(specs)
    _check_specs(specs)
    summary = DepartmentLoadSummary()
    for spec in _parents_first(specs):
        department = Department.objects.filter(code=spec.code).first()
        parent = Department.objects.get(code=spec.parent_code) if spec.parent_code else None
        values = {"name": spec.name, "kind": spec.kind, "high_intensity": spec.high_intensity}
        if department is None:
            create_department(parent=parent, code=spec.code, **values)
            summary.created.append(spec.code)
            continue
        changed = [name for name, value in values.items() if getattr(department, name) != value]
        for name in changed:
            setattr(department, name, values[name])
        if changed:
            department.save(update_fields=changed)
        if _parent_code(department) != (spec.parent_code or None):
            try:
                move_department(department, parent)
            except ValidationError as error:
                raise DepartmentFileError([f"{spec.code}: {error.messages[0]}"]) from error
            summary.moved.append(spec.code)
        if changed or spec.code in summary.moved:
            summary.updated.append(spec.code)
        else:
            summary.unchanged += 1
    return summary


def _check_specs(specs):
    errors = []
    seen = set()
    for spec in specs:
        if spec.code in seen:
            errors.append(f"부서코드가 중복됩니다: {spec.code}")
        seen.add(spec.code)
    known = seen | set(Department.objects.values_list("code", flat=True))
    for spec in specs:
        if spec.parent_code and spec.parent_code not in known:
            errors.append(f"{spec.code}: 상위 부서코드 {josa(spec.parent_code, '가')} 없습니다.")
        if spec.parent_code == spec.code:
            errors.append(f"{spec.code}: {CYCLE_MESSAGE}")
    if errors:
        raise DepartmentFileError(errors)


def _parents_first(specs):
    by_code = {spec.code: spec for spec in specs}
    ordered, placed, visiting = [], set(), set()

    def place(spec):
        if spec.code in placed:
            return
        if spec.code in visiting:
            raise DepartmentFileError([f"{spec.code}: 상위 부서 관계가 순환합니다. {CYCLE_MESSAGE}"])
        visiting.add(spec.code)
        if spec.parent_code in by_code:
            place(by_code[spec.parent_code])
        visiting.discard(spec.code)
        placed.add(spec.code)
        ordered.append(spec)

    # Siblings in code order: treebeard then appends each new node instead of shifting paths.
    for spec in sorted(specs, key=lambda spec: spec.code):
        place(spec)
    return ordered


def _parent_code(department):
    parent = department.get_parent(update=True)
    return parent.code if parent else None


def create_department(*, parent, **values) -> Department:
    department = Department(**values)
    if parent is None:
        return Department.add_root(instance=department)
    # Re-read the parent: sorted inserts shift sibling paths, so an in-memory node may be stale.
    return Department.objects.get(pk=parent.pk).add_child(instance=department)


def move_department(department, new_parent):
    """Place `department` (and its subtree) under `new_parent`, or at the top level if None."""
    node = Department.objects.get(pk=department.pk)
    if new_parent is None:
        if not node.is_root():
            node.move(Department.get_first_root_node(), pos="sorted-sibling")
        return
    target = Department.objects.get(pk=new_parent.pk)
    if target.path.startswith(node.path):
        raise ValidationError(CYCLE_MESSAGE, code="cycle")
    if node.get_parent(update=True) != target:
        node.move(target, pos="sorted-child")


@transaction.atomic
def update_department(department, *, parent) -> Department:
    # Only the editable columns: path/depth/numchild on the form's instance may be stale.
    department.save(update_fields=["code", "name", "kind", "high_intensity", "is_active"])
    move_department(department, parent)
    return Department.objects.get(pk=department.pk)


def delete_abandoned_roster_uploads(*, now=None) -> int:
    """Roster previews never applied within a day go with their files (lms/uploads.py). Run by
    `run_worker` every hour (`manage.py delete_abandoned_roster_uploads`). Returns how many went."""
    return delete_abandoned_uploads(RosterUpload, now=now)


def store_roster_upload(*, file, full_import, user, reference_date=None) -> RosterUpload:
    """Keep an uploaded roster for preview/apply; forget abandoned uploads too (the worker does it hourly)."""
    delete_abandoned_roster_uploads()
    return RosterUpload.objects.create(
        file=file,
        original_name=file.name,
        full_import=full_import,
        reference_date=reference_date or timezone.localdate(),
        uploaded_by=user,
    )


def preview_roster_upload(upload) -> RosterPlan:
    return preview_roster(
        read_roster_upload(upload),
        upload.original_name,
        full_import=upload.full_import,
        reference_date=upload.reference_date,
    )


def read_roster_upload(upload) -> bytes:
    return upload.read()


def apply_roster_upload(upload, *, confirmed_deactivations=None) -> RosterPlan:
    """Apply an uploaded roster once; raises RosterRefused (it has errors) or DeactivationNotConfirmed
    (it deactivates many staff and the typed number does not match), nothing written either way, and
    RosterAlreadyApplied for a second time."""

    def apply(locked):
        plan = apply_roster(
            locked.read(),
            locked.original_name,
            full_import=locked.full_import,
            reference_date=locked.reference_date,
            upload=locked,
            confirmed_deactivations=confirmed_deactivations,
        )
        return plan, plan.counts()

    return apply_upload_once(upload, apply)


RosterAlreadyApplied = UploadAlreadyApplied


def lift_login_refusal(*, username=None, ip_address=None):
    """HR's unlock: forget the failed logins of an account or of a client address (django-axes' own
    reset, so its cache and signals stay right). Returns how many attempt records were removed."""
    from axes.utils import reset

    if not username and not ip_address:
        return 0
    return reset(username=username) if username else reset(ip=ip_address)
