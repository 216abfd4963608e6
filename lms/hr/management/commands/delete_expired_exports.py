from django.core.management.base import BaseCommand

from lms.hr.services import delete_expired_exports


class Command(BaseCommand):
    help = "내려받기 기간이 지난 내보내기 파일을 지웁니다(내보내기 기록은 남습니다)."

    def handle(self, *args, **options):
        count = delete_expired_exports()
        self.stdout.write(f"만료된 내보내기 파일 {count}개를 지웠습니다.")
