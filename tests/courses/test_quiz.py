import re

import pytest

from courses import quiz
from courses.models import QuizAttempt
from lms.records.models import LearningEvent
from lms.records.selectors import state_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiz_page(lessons):
    return lessons[1]


@pytest.fixture
def enrolled(learner_client, course):
    learner_client.post(course.url, {"action": "enrol"})
    return learner_client


def correct_answers(page):
    return {f"q-{q.id}": sorted(q.correct) for q in quiz.questions_of(page).values()}


def wrong_answers(page):
    answers = {}
    for question in quiz.questions_of(page).values():
        wrong = [choice_id for choice_id, _ in question.choices if choice_id not in question.correct]
        answers[f"q-{question.id}"] = wrong[:1]
    return answers


def submit(client, page, answers, number=1):
    return client.post(page.url, {"attempt": str(number), **answers})


def test_the_form_never_reveals_correctness_before_submission(enrolled, quiz_page):
    html = enrolled.get(quiz_page.url).content.decode()
    assert "폭언이 계속될 때 가장 먼저 할 일은?" in html
    assert "중단을 정중히 요청하고 녹음을 고지한다" in html
    assert "is_correct" not in html and "정답" not in html
    for question in quiz.questions_of(quiz_page).values():
        assert question.explanation not in html


def test_passing_on_the_server_completes_the_lesson_and_shows_feedback(enrolled, learner, quiz_page):
    enrolled.get(quiz_page.url)  # starts attempt 1
    response = submit(enrolled, quiz_page, correct_answers(quiz_page))
    assert response.status_code == 302 and response.url.endswith("?result=1")
    attempt = QuizAttempt.objects.get(user=learner, page=quiz_page)
    assert (attempt.score, attempt.passed) == (100, True)
    assert state_for(learner, quiz_page).completed_at is not None
    assert LearningEvent.objects.filter(user=learner, page=quiz_page, kind="quiz_attempt").count() == 1

    html = enrolled.get(response.url).content.decode()
    assert "1회차 결과: 100점 · 합격" in html
    assert "먼저 중단을 요청하고, 계속되면 녹음과 종료를 고지합니다." in html  # explanation after submit
    assert html.count("quiz-feedback__item--correct") == 3


def test_failing_shows_per_question_results_and_does_not_complete(enrolled, learner, quiz_page):
    enrolled.get(quiz_page.url)
    submit(enrolled, quiz_page, wrong_answers(quiz_page))
    attempt = QuizAttempt.objects.get(user=learner, page=quiz_page, number=1)
    assert (attempt.score, attempt.passed) == (0, False)
    assert set(attempt.results.values()) == {False}
    assert state_for(learner, quiz_page).completed_at is None
    html = enrolled.get(f"{quiz_page.url}?result=1").content.decode()
    assert html.count("quiz-feedback__item--wrong") == 3
    assert "다시 응시하기" in html


def test_partial_multiple_choice_answer_is_wrong(quiz_page):
    questions = quiz.questions_of(quiz_page)
    multiple = next(q for q in questions.values() if q.kind == "multiple_choice")
    answers = {q.id: sorted(q.correct) for q in questions.values()}
    answers[multiple.id] = sorted(multiple.correct)[:1]
    results, score = quiz.grade(questions, answers)
    assert results[multiple.id] is False
    assert score == 67


@pytest.mark.parametrize(
    "tamper",
    [
        lambda answers, qid: {**answers, f"q-{qid}": ["not-a-choice"]},
        lambda answers, qid: {**answers, f"q-{qid}": answers[f"q-{qid}"] * 2},
        lambda answers, qid: {key: value for key, value in answers.items() if key != f"q-{qid}"},
    ],
    ids=["unknown-choice", "duplicate-choice", "missing-answer"],
)
def test_tampered_or_incomplete_answers_are_refused_and_cost_no_attempt(enrolled, learner, quiz_page, tamper):
    enrolled.get(quiz_page.url)
    first_id = QuizAttempt.objects.get(user=learner, page=quiz_page).layout[0]["id"]
    response = submit(enrolled, quiz_page, tamper(correct_answers(quiz_page), first_id))
    assert response.status_code == 400
    html = response.content.decode()
    assert "없는 보기" in html or "답하지 않은 문항" in html
    attempt = QuizAttempt.objects.get(user=learner, page=quiz_page)
    assert attempt.submitted_at is None and attempt.score is None
    assert state_for(learner, quiz_page).completed_at is None
    for question in quiz.questions_of(quiz_page).values():  # the learner's other choices are kept
        if question.id != first_id:
            for choice_id in question.correct:
                assert f'name="q-{question.id}" value="{choice_id}" checked' in html


def test_two_choices_on_a_single_choice_question_are_refused(enrolled, learner, quiz_page):
    enrolled.get(quiz_page.url)
    single = next(q for q in quiz.questions_of(quiz_page).values() if q.kind == "single_choice")
    answers = correct_answers(quiz_page)
    answers[f"q-{single.id}"] = [choice_id for choice_id, _ in single.choices][:2]
    response = submit(enrolled, quiz_page, answers)
    assert response.status_code == 400
    assert "하나만 고를 수 있습니다" in response.content.decode()


def test_attempt_limit_is_enforced_on_the_server(enrolled, learner, quiz_page):
    assert quiz_page.attempt_limit == 2
    for number in (1, 2):
        enrolled.get(quiz_page.url)
        submit(enrolled, quiz_page, wrong_answers(quiz_page), number=number)
    html = enrolled.get(quiz_page.url).content.decode()
    assert "응시 횟수(2회)를 모두 사용했습니다" in html
    assert 'name="attempt"' not in html
    # Forging a third attempt by hand changes nothing.
    QuizAttempt.objects.create(user=learner, page=quiz_page, number=3, layout=QuizAttempt.objects.get(user=learner, page=quiz_page, number=1).layout)
    response = submit(enrolled, quiz_page, correct_answers(quiz_page), number=3)
    assert response.status_code == 403
    assert "모두 사용했습니다" in response.content.decode()
    assert state_for(learner, quiz_page).completed_at is None


def test_a_submitted_attempt_cannot_be_submitted_again(enrolled, learner, quiz_page):
    enrolled.get(quiz_page.url)
    submit(enrolled, quiz_page, wrong_answers(quiz_page))
    response = submit(enrolled, quiz_page, correct_answers(quiz_page))
    assert response.status_code == 409
    assert QuizAttempt.objects.get(user=learner, page=quiz_page, number=1).score == 0


def test_submitting_without_a_started_attempt_is_refused(enrolled, quiz_page):
    response = submit(enrolled, quiz_page, correct_answers(quiz_page))
    assert response.status_code == 400
    assert "응시 정보를 찾을 수 없습니다" in response.content.decode()


def test_bad_attempt_number_is_a_korean_error(enrolled, quiz_page):
    response = enrolled.post(quiz_page.url, {"attempt": "abc"})
    assert response.status_code == 400
    assert "응시 정보가 올바르지 않습니다" in response.content.decode()


def test_each_attempt_gets_its_own_shuffled_order_and_the_page_shows_it(enrolled, learner, quiz_page):
    layouts = set()
    for number in range(1, 7):
        attempt = QuizAttempt.objects.create(
            user=learner,
            page=quiz_page,
            number=100 + number,
            layout=quiz.new_layout(quiz.questions_of(quiz_page), shuffle=True),
        )
        layouts.add(str(attempt.layout))
        ids = {entry["id"] for entry in attempt.layout}
        assert ids == set(quiz.questions_of(quiz_page))
    assert len(layouts) > 1  # 6 attempts over 3 questions × 3 choices: all equal has odds below 1e-9
    QuizAttempt.objects.filter(user=learner).delete()

    html = enrolled.get(quiz_page.url).content.decode()
    attempt = QuizAttempt.objects.get(user=learner, page=quiz_page)
    shown = re.findall(r'name="q-([^"]+)" value="([^"]+)"', html)
    expected = [(entry["id"], choice) for entry in attempt.layout for choice in entry["choices"]]
    assert shown == expected


def test_without_shuffle_the_editor_order_is_kept(quiz_page):
    questions = quiz.questions_of(quiz_page)
    layout = quiz.new_layout(questions, shuffle=False)
    assert [entry["id"] for entry in layout] == list(questions)
    assert layout[0]["choices"] == [choice_id for choice_id, _ in next(iter(questions.values())).choices]


def test_true_false_keeps_o_before_x(quiz_page):
    questions = quiz.questions_of(quiz_page)
    for _ in range(10):
        layout = quiz.new_layout(questions, shuffle=True)
        true_false = next(entry for entry in layout if questions[entry["id"]].kind == "true_false")
        assert true_false["choices"] == ["O", "X"]


def test_question_block_validation_is_korean():
    from courses.models import MultipleChoiceQuestionBlock, SingleChoiceQuestionBlock
    from wagtail.blocks import StructBlockValidationError

    block = SingleChoiceQuestionBlock()
    value = block.to_python(
        {"question": "문제", "choices": [{"text": "가", "is_correct": True}, {"text": "나", "is_correct": True}]}
    )
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(value)
    assert "정답을 하나만" in str(error.value.block_errors["choices"])
    value = MultipleChoiceQuestionBlock().to_python(
        {"question": "문제", "choices": [{"text": "가", "is_correct": False}, {"text": "나", "is_correct": False}]}
    )
    with pytest.raises(StructBlockValidationError):
        MultipleChoiceQuestionBlock().clean(value)
