import unicodedata

from django.core.management.base import BaseCommand

from lms.people.demo import DEMO_LOGINS

SITE_URL = "http://127.0.0.1:8000/"


def display_width(text):
    """Columns a terminal uses for `text`: Hangul and other wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def pad(text, width):
    return text + " " * (width - display_width(text))


class Command(BaseCommand):
    help = "데모 로그인(역할, 직원번호, 비밀번호)과 접속 주소를 표로 보여 줍니다."

    def handle(self, *args, **options):
        rows = [("역할", "직원번호", "비밀번호"), *DEMO_LOGINS]
        widths = [max(display_width(str(row[column])) for row in rows) for column in range(3)]
        rule = "+" + "+".join("-" * (width + 2) for width in widths) + "+"
        lines = [f"접속 주소: {SITE_URL}  (관리자: {SITE_URL}admin/)", rule]
        for index, row in enumerate(rows):
            lines.append("| " + " | ".join(pad(str(cell), width) for cell, width in zip(row, widths)) + " |")
            if index == 0:
                lines.append(rule)
        lines.append(rule)
        self.stdout.write("\n".join(lines))
