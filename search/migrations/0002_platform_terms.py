"""The platform's own terms, so search treats them as words from the first day; editors extend the list."""

from django.db import migrations

TERMS = [
    ("U-지식여행", "u 지식 여행", "유지식여행, 유 지식여행, U지식여행, 지식여행"),
    ("원포인트레슨", "원 포인트 레슨", "원포인트 레슨, 원 포인트 레슨, 원포인트"),
    ("고강도 민원접점", "고강도 민원 접점", "고강도민원접점, 민원접점부서"),
    ("아리수", "", ""),
    ("서울시인재개발원", "서울시 인재 개발원", "인재개발원, 인개원"),
    ("악성민원", "악성 민원", "특이민원, 갑질민원"),
    ("감정노동", "감정 노동", ""),
    ("매뉴얼", "", "메뉴얼, 매뉴엘, 지침서"),
    ("이러닝", "", "e러닝, e-러닝, 온라인교육, 온라인 교육, 사이버교육"),
    ("웹툰", "", "만화, 웹 툰"),
    ("DISC", "", "디스크"),
    ("민원서비스", "민원 서비스", ""),
    ("상호존중", "상호 존중", ""),
    ("성희롱", "", "성추행, 성적 언동"),
    ("폭언", "", "막말, 고성"),
]


def add_terms(apps, schema_editor):
    SearchTerm = apps.get_model("search", "SearchTerm")
    for term, parts, synonyms in TERMS:
        SearchTerm.objects.get_or_create(term=term, defaults={"parts": parts, "synonyms": synonyms})


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(add_terms, migrations.RunPython.noop)]
