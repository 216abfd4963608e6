"""Quiz questions as plain data, their shuffled layout per attempt, and grading.

Correctness never leaves the server before submission: templates only receive `DisplayQuestion`s
(text and choices), and grading compares the submitted choice ids against the page's stored answers.
"""

import secrets
from dataclasses import dataclass

TRUE_FALSE_CHOICES = [("O", "O (맞다)"), ("X", "X (아니다)")]
KIND_LABELS = {"single_choice": "단일 선택", "multiple_choice": "복수 선택", "true_false": "O/X"}


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    text: str
    choices: tuple  # ((choice id, text), ...) in the editor's order
    correct: frozenset
    explanation: str

    @property
    def is_multiple(self):
        return self.kind == "multiple_choice"


def questions_of(page):
    """The page's questions keyed by block id, in the editor's order."""
    questions = {}
    for block in page.questions:
        value = block.value
        if block.block_type == "true_false":
            choices = tuple(TRUE_FALSE_CHOICES)
            correct = frozenset([value["answer"]])
        else:
            items = value["choices"].bound_blocks
            choices = tuple((item.id, item.value["text"]) for item in items)
            correct = frozenset(item.id for item in items if item.value["is_correct"])
        questions[block.id] = Question(
            id=block.id,
            kind=block.block_type,
            text=value["question"],
            choices=choices,
            correct=correct,
            explanation=value.get("explanation") or "",
        )
    return questions


def new_layout(questions, *, shuffle, rng=None):
    """The order an attempt shows questions and choices in; O/X keeps O before X."""
    rng = rng or secrets.SystemRandom()
    layout = []
    for question in questions.values():
        choice_ids = [choice_id for choice_id, _ in question.choices]
        if shuffle and question.kind != "true_false":
            rng.shuffle(choice_ids)
        layout.append({"id": question.id, "choices": choice_ids})
    if shuffle:
        rng.shuffle(layout)
    return layout


@dataclass
class DisplayQuestion:
    """What the learner sees of a question: no correctness until the attempt is submitted."""

    number: int
    id: str
    kind: str
    kind_label: str
    text: str
    choices: list  # [(choice id, text)]
    selected: frozenset = frozenset()
    is_correct: bool | None = None
    explanation: str = ""

    @property
    def input_type(self):
        return "checkbox" if self.kind == "multiple_choice" else "radio"


def display(questions, layout, *, answers=None, results=None):
    """The attempt's questions in its order; after submission with per-question result and explanation.

    Questions an editor removed after the attempt started are skipped; ones added later are not shown.
    """
    answers, shown = answers or {}, []
    for entry in layout:
        question = questions.get(entry["id"])
        if question is None:
            continue
        texts = dict(question.choices)
        choices = [(choice_id, texts[choice_id]) for choice_id in entry["choices"] if choice_id in texts]
        graded = results is not None
        shown.append(
            DisplayQuestion(
                number=len(shown) + 1,
                id=question.id,
                kind=question.kind,
                kind_label=KIND_LABELS[question.kind],
                text=question.text,
                choices=choices,
                selected=frozenset(answers.get(question.id, [])),
                is_correct=results.get(question.id) if graded else None,
                explanation=question.explanation if graded else "",
            )
        )
    return shown


class AnswerError(ValueError):
    """A submission that cannot be graded; the message is shown to the learner."""


def parse_answers(questions, layout, post):
    """Read `q-<question id>` fields of the attempt's questions. Raises AnswerError on bad input."""
    answers, missing = {}, []
    for number, entry in enumerate((e for e in layout if e["id"] in questions), start=1):
        question = questions[entry["id"]]
        chosen = post.getlist(f"q-{question.id}")
        valid_ids = {choice_id for choice_id, _ in question.choices}
        if any(choice_id not in valid_ids for choice_id in chosen) or len(set(chosen)) != len(chosen):
            raise AnswerError("제출한 답안에 이 문항에 없는 보기가 있습니다. 화면을 새로 고친 뒤 다시 제출해 주세요.")
        if len(chosen) > 1 and not question.is_multiple:
            raise AnswerError(f"{number}번 문항은 보기를 하나만 고를 수 있습니다.")
        if not chosen:
            missing.append(str(number))
        answers[question.id] = sorted(chosen)
    if missing:
        raise AnswerError(f"답하지 않은 문항이 있습니다: {', '.join(missing)}번. 모든 문항에 답한 뒤 제출해 주세요.")
    return answers


def grade(questions, answers):
    """Per-question results ({question id: correct?}) and the score in percent (all-or-nothing per question)."""
    results = {qid: frozenset(chosen) == questions[qid].correct for qid, chosen in answers.items()}
    score = round(100 * sum(results.values()) / len(results)) if results else 0
    return results, score
