from django.core.management.base import BaseCommand, CommandError

from lms.people.services import (
    DEFAULT_DEPARTMENTS_CSV,
    DepartmentFileError,
    load_departments,
    read_departments_file,
)


class Command(BaseCommand):
    help = "부서 CSV(code, name, parent_code, kind, high_intensity)를 읽어 부서 트리를 만들거나 고칩니다(부서코드 기준, 여러 번 실행해도 같음)."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(DEFAULT_DEPARTMENTS_CSV), help="부서 CSV 또는 XLSX 파일")

    def handle(self, *args, file, **options):
        try:
            summary = load_departments(read_departments_file(file))
        except DepartmentFileError as error:
            raise CommandError("부서 파일에 오류가 있어 아무것도 바꾸지 않았습니다:\n" + "\n".join(error.errors)) from error
        self.stdout.write(self.style.SUCCESS(str(summary)))
