from django.core.management.base import BaseCommand

from lms.records.services import rebuild_states


class Command(BaseCommand):
    help = "학습 이벤트 기록에서 학습 상태(시청 구간·진도·완료)를 다시 계산합니다."

    def add_arguments(self, parser):
        parser.add_argument("--user", type=int, action="append", dest="user_ids", help="사용자 ID (여러 번 지정 가능)")
        parser.add_argument("--page", type=int, action="append", dest="page_ids", help="페이지 ID (여러 번 지정 가능)")

    def handle(self, *args, user_ids=None, page_ids=None, **options):
        written = rebuild_states(user_ids=user_ids, page_ids=page_ids)
        self.stdout.write(self.style.SUCCESS(f"학습 상태 {written}건을 이벤트 기록에서 다시 계산했습니다."))
