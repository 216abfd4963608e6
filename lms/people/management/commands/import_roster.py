import time
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lms.people.roster import DeactivationNotConfirmed, RosterRefused, apply_roster, preview_roster


class Command(BaseCommand):
    help = (
        "직원 명단(CSV: UTF-8/CP949/EUC-KR, 또는 XLSX)을 가져옵니다. 기본은 미리 보기(dry-run)이며 "
        "--apply를 주어야 반영합니다. 오류가 있으면 아무것도 바꾸지 않고 0이 아닌 코드로 끝납니다."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--full", action="store_true", help="전체 명단: 파일에 없는 직원을 비활성화합니다(삭제하지 않음).")
        parser.add_argument("--apply", action="store_true", help="미리 보기 대신 실제로 반영합니다.")
        parser.add_argument(
            "--reference-date",
            type=reference_date,
            metavar="YYYY-MM-DD",
            help="명단의 기준일(기본: 오늘). 전보·퇴직·신규가 이 날짜로 부서 이력에 기록됩니다.",
        )
        parser.add_argument(
            "--confirm-deactivations",
            type=int,
            metavar="N",
            help="전체 명단이 재직 직원의 많은 수를 비활성화할 때, 비활성화될 인원 수를 적어 확인합니다.",
        )

    def handle(self, *args, file, full, apply, confirm_deactivations, reference_date, **options):
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"파일을 열 수 없습니다: {path} ({error.strerror})") from error
        started = time.perf_counter()
        refused = None
        try:
            if apply:
                plan = apply_roster(
                    data,
                    path.name,
                    full_import=full,
                    reference_date=reference_date,
                    confirmed_deactivations=confirm_deactivations,
                )
            else:
                plan = preview_roster(data, path.name, full_import=full, reference_date=reference_date)
        except (RosterRefused, DeactivationNotConfirmed) as error:
            plan, refused = error.plan, error
        elapsed = time.perf_counter() - started

        for error in plan.errors:
            self.stderr.write(str(error))
        for change in plan.to_update:
            self.stdout.write(f"수정 {change.row.employee_number} {change.row.name}: {', '.join(change.changes)}", self.style.NOTICE)
        for person in plan.to_deactivate:
            self.stdout.write(f"비활성화 {person.employee_number} {person.name}", self.style.NOTICE)
        if plan.errors:
            raise CommandError(f"{plan.summary()} — 오류가 있어 아무것도 반영하지 않았습니다.")
        if plan.needs_deactivation_confirmation:
            self.stderr.write(f"주의: {plan.deactivation_warning()} (--confirm-deactivations {len(plan.to_deactivate)})")
        if refused is not None:
            raise CommandError(str(refused))
        if apply:
            self.stdout.write(self.style.SUCCESS(f"반영했습니다: {plan.summary()} ({elapsed:.2f}초)"))
        else:
            self.stdout.write(f"미리 보기: {plan.summary()} ({elapsed:.2f}초). 반영하려면 --apply를 붙이세요.")


def reference_date(value):
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"기준일은 YYYY-MM-DD 형식이어야 합니다: {value}") from error
