from django.core.management.base import BaseCommand

from lms.people.services import delete_abandoned_roster_uploads


class Command(BaseCommand):
    help = "하루 안에 적용하지 않은 직원 명단 미리 보기를 파일과 함께 지웁니다(개인정보). run_worker가 한 시간마다 실행합니다."

    def handle(self, *args, **options):
        deleted = delete_abandoned_roster_uploads()
        if deleted:
            self.stdout.write(f"적용하지 않은 명단 업로드 {deleted}건을 지웠습니다.")
