import time
from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

from lms.people.models import StaffProfile

# Each module has an idempotent `load(stdout)`; they run in this order.
DEMO_LOADERS = [
    "lms.people.demo",
    "media_pipeline.demo",
    # Apps add their demo module here, above lms.home.demo.
    "webtoons.demo",
    "courses.knowledge_trip.demo",
    "courses.campaigns.demo",
    "courses.scorm.demo",
    "courses.demo",
    "courses.knowledge_trip.demo_viewing",  # after courses.demo: a learner's clock only moves forward
    "webtoons.demo_reading",
    "courses.demo_history",  # after the demos of single learners: they keep their own history
    "lms.records.demo",  # the same, for every page kind
    "lms.programmes.demo",
    "lms.surveys.demo",  # after every app whose demo writes completion records
    "lms.evaluation.demo",  # after every app that writes completion records, so last year's result counts them
    "lms.home.demo",  # last, so its home-page cards can link to the index pages created above
]


class Command(BaseCommand):
    help = "데모 데이터(조직, 직원, 역할별 로그인, 홈 화면과 각 앱의 예시 콘텐츠)를 불러옵니다. 여러 번 실행해도 결과는 같습니다."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="직원이 이미 등록되어 있으면 아무것도 하지 않습니다 (make run에서 사용).",
        )

    def handle(self, *args, if_empty=False, **options):
        if if_empty and StaffProfile.objects.exists():
            self.stdout.write("직원 데이터가 이미 있어 데모 데이터를 불러오지 않습니다.")
            return
        started = time.monotonic()
        for module_path in DEMO_LOADERS:
            self.stdout.write(f"데모 데이터 불러오는 중: {module_path}")
            begun = time.monotonic()
            with transaction.atomic():
                import_module(module_path).load(self.stdout)
            self.stdout.write(f"  ({time.monotonic() - begun:.0f}초)")
        self.stdout.write(self.style.SUCCESS(f"데모 데이터를 모두 불러왔습니다 ({time.monotonic() - started:.0f}초)."))
