import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lms.people.roster import RosterRefused, apply_roster, preview_roster


class Command(BaseCommand):
    help = (
        "직원 명단(CSV: UTF-8/CP949/EUC-KR, 또는 XLSX)을 가져옵니다. 기본은 미리 보기(dry-run)이며 "
        "--apply를 주어야 반영합니다. 오류가 있으면 아무것도 바꾸지 않고 0이 아닌 코드로 끝납니다."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--full", action="store_true", help="전체 명단: 파일에 없는 직원을 비활성화합니다(삭제하지 않음).")
        parser.add_argument("--apply", action="store_true", help="미리 보기 대신 실제로 반영합니다.")

    def handle(self, *args, file, full, apply, **options):
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"파일을 열 수 없습니다: {path} ({error.strerror})") from error
        started = time.perf_counter()
        try:
            plan = (apply_roster if apply else preview_roster)(data, path.name, full_import=full)
        except RosterRefused as refused:
            plan = refused.plan
        elapsed = time.perf_counter() - started

        for error in plan.errors:
            self.stderr.write(str(error))
        for change in plan.to_update:
            self.stdout.write(f"수정 {change.row.employee_number} {change.row.name}: {', '.join(change.changes)}", self.style.NOTICE)
        for person in plan.to_deactivate:
            self.stdout.write(f"비활성화 {person.employee_number} {person.name}", self.style.NOTICE)
        if plan.errors:
            raise CommandError(f"{plan.summary()} — 오류가 있어 아무것도 반영하지 않았습니다.")
        if apply:
            self.stdout.write(self.style.SUCCESS(f"반영했습니다: {plan.summary()} ({elapsed:.2f}초)"))
        else:
            self.stdout.write(f"미리 보기: {plan.summary()} ({elapsed:.2f}초). 반영하려면 --apply를 붙이세요.")
