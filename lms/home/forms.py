from django.contrib.auth.forms import AuthenticationForm


class StaffLoginForm(AuthenticationForm):
    """Django's login form with the 직원번호 wording staff know (the stock Korean message reads "직원번호와/과")."""

    error_messages = {
        "invalid_login": "직원번호 또는 비밀번호가 올바르지 않습니다. 대소문자를 구분하니 다시 확인해 주세요.",
        "inactive": "사용이 중지된 계정입니다. 인사 담당자에게 문의해 주세요.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "inputmode": "text"})
