from django import forms

from .models import Satisfaction
from .services import COMMENT_LIMIT


class SurveyForm(forms.Form):
    """The question set's 5-point questions (fields q1, q2, …) and the free-text comment."""

    def __init__(self, *args, question_set, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(question_set.questions.all())
        for position, question in enumerate(self.questions, start=1):
            self.fields[f"q{position}"] = forms.TypedChoiceField(
                label=f"{position}. {question.text}",
                choices=Satisfaction.choices,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": "답을 하나 골라 주세요.", "invalid_choice": "주어진 답 가운데 하나를 골라 주세요."},
            )
        self.fields["comment"] = forms.CharField(
            label=question_set.comment_prompt,
            required=False,
            max_length=COMMENT_LIMIT,
            widget=forms.Textarea(attrs={"rows": 4}),
            help_text=f"선택 사항 · {COMMENT_LIMIT:,}자까지. 누가 썼는지는 담당자에게 보이지 않습니다.",
            error_messages={"max_length": f"자유 의견은 {COMMENT_LIMIT:,}자까지 적을 수 있습니다."},
        )

    def question_fields(self):
        return [self[f"q{position}"] for position in range(1, len(self.questions) + 1)]

    def choices(self):
        return {position: self.cleaned_data[f"q{position}"] for position in range(1, len(self.questions) + 1)}
