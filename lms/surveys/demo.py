"""Demo survey answers: about 70 % of this and last year's completions of surveyed kinds are answered,
mostly satisfied, with some comments. The demo logins (직원번호 1000…) answer nothing, so signing in
as one shows the surveys still open. Runs after the apps whose demo writes completions."""

import random

from django.utils import timezone

from lms.records.selectors import completion_records, evaluation_year_of

from . import selectors, services
from .models import SurveyParticipation

SEED = 20170210  # the arisu plan's approval date
ANSWER_SHARE = 0.7
# 매우만족 … 매우불만, as the plan's 2016 citizens' panel answered (71 %, 26.7 %, 1.3 %, 1 %, 0 %), a little
# less kind; "tougher" programmes (every third) lean to 보통.
USUAL = [(5, 0.55), (4, 0.30), (3, 0.10), (2, 0.04), (1, 0.01)]
TOUGHER = [(5, 0.25), (4, 0.30), (3, 0.30), (2, 0.10), (1, 0.05)]
COMMENTS = [
    "실제 민원 사례로 설명해 주셔서 바로 업무에 쓸 수 있겠습니다.",
    "시간이 조금 짧았습니다. 실습 시간이 더 있으면 좋겠습니다.",
    "강사님이 질문에 친절하게 답해 주셨습니다.",
    "교육장 위치 안내가 늦게 와서 헤맸습니다.",
    "감정노동으로 지쳤는데 큰 위로가 되었습니다.",
    "비슷한 내용이 반복되어 아쉬웠습니다.",
]


def load(stdout):
    kinds = selectors.enabled_kinds()
    this_year = evaluation_year_of(timezone.localdate())
    answered = set(SurveyParticipation.objects.values_list("user_id", "item_kind", "item_key"))
    stored = 0
    for year in (this_year - 1, this_year):
        records = completion_records(year=year, kinds=kinds).exclude(user__username__startswith="1000").order_by("pk")
        for record in records:
            item = (record.user_id, record.item_kind, record.item_key)
            rng = random.Random(f"{SEED}:{item}")  # each person's own draw: loading again picks the same ones
            if item in answered or rng.random() >= ANSWER_SHARE:
                continue
            scale = TOUGHER if _stable_number(record.item_group or record.item_key) % 3 == 0 else USUAL
            choices = {
                position: _draw(rng, scale)
                for position in range(1, kinds[record.item_kind].question_set.questions.count() + 1)
            }
            comment = rng.choice(COMMENTS) if rng.random() < 0.25 else ""
            services.store_survey_response(
                record=record, question_set=kinds[record.item_kind].question_set, choices=choices, comment=comment
            )
            answered.add(item)
            stored += 1
    stdout.write(f"  만족도 조사 응답 {stored:,}건")


def _stable_number(text):
    """A stable small number for a key (Python's hash() changes between runs)."""
    return sum(text.encode())


def _draw(rng, scale):
    values, weights = zip(*scale)
    return rng.choices(values, weights=weights)[0]
