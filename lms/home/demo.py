"""Demo content for the home page and the site contacts, from the 2018 민원서비스 향상 계획 (§5, §7, §8)."""

from wagtail.models import Site
from wagtail.rich_text import RichText

from lms.home.models import SiteSettings

HERO = {
    "heading": "감정노동 직원 보호와 민원응대 품질 향상을 위한 온라인 학습",
    "text": (
        "오프라인 교육에 참석하기 어려운 직원도 언제든 배울 수 있도록 이러닝 과정, U-지식여행 동영상, "
        "악성민원 대응 웹툰과 매뉴얼을 한곳에 모았습니다. 고강도 민원접점 부서 450명과 일반 부서 5,900명, "
        "모두 6,350명의 직원을 위한 학습터입니다."
    ),
    "link_title": "이러닝 과정",
    "link_text": "이러닝 과정 시작하기",
}

# (card title = the menu page it links to when that page exists, description)
CARDS = [
    (
        "이러닝 과정",
        "악성민원 사례별 대응요령과 방문·전화 응대요령을 10개 내외의 콘텐츠로 배웁니다. "
        "이수하면 교육시간 5~10시간을 인정받습니다.",
    ),
    (
        "U-지식여행",
        "공직자 서비스 마인드, 시민과의 소통기법, 시민의 마음을 읽는 법을 3분 내외의 짧은 영상 20여 편으로 만납니다. "
        "새 영상이 정기적으로 올라옵니다.",
    ),
    (
        "웹툰",
        "악성민원 상황별 대응방법을 쉽고 재미있는 웹툰 시리즈로 봅니다. "
        "「서울시 악성민원 대응매뉴얼(너, 나 지금 무시하냐?)」 증보판도 함께 볼 수 있습니다.",
    ),
    (
        "캠페인",
        "욕설·폭언·무리한 요구 없는 상호존중의 민원문화를 위해 ‘마음 연결음’, 인식개선 영상, "
        "캠페인 포스터에 함께합니다.",
    ),
]

CLOSING_TEXT = (
    "<h2>학습 실적은 이렇게 반영됩니다</h2>"
    "<p>이러닝과 U-지식여행 이수 인원(비율), 캠페인 참여 실적은 연말 <b>서울시 민원서비스 우수기관 평가</b>의 "
    "‘민원서비스 향상 노력도’에 가점으로 반영됩니다.</p>"
    "<h3>마음이 지칠 때는</h3>"
    "<ul><li>힐링센터 ‘쉼표’에서 스트레스 정기검진(연 1회)과 심리상담을 받을 수 있습니다.</li>"
    "<li>본관과 서소문 청사의 스트레스 전용상담실을 이용하세요.</li>"
    "<li>서울노동권익센터의 감정노동 권리보장 교육과 심리치유 프로그램(19개)도 열려 있습니다.</li></ul>"
)

FOOTER_TEXT = (
    "<p>이 학습터는 「감정노동 직원보호와 민원응대 품질제고를 위한 2018 서울시 민원서비스 향상 계획」에 따라 "
    "운영합니다.</p>"
)


def home_child(model, **fields):
    """The home page's first child of this page type, created and published with `fields` when there is
    none yet (each app's demo makes its menu page this way); returns (page, created)."""
    home = Site.objects.get(is_default_site=True).root_page
    page = model.objects.child_of(home).first()
    if page is not None:
        return page, False
    page = model(**fields)
    home.add_child(instance=page)
    page.save_revision().publish()
    return page, True


def load(stdout):
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    _fill_home_page(home, stdout)
    _fill_site_settings(site, stdout)


def _menu_page(home, title):
    return home.get_children().live().filter(title=title).first()


def _fill_home_page(home, stdout):
    # Editors may have changed the home page since; demo content only fills an empty one.
    if len(home.body):
        stdout.write("  홈 페이지 본문이 이미 있어 그대로 둡니다.")
        return
    home.body = [
        (
            "hero",
            {
                "heading": HERO["heading"],
                "text": HERO["text"],
                "link_page": _menu_page(home, HERO["link_title"]),
                "link_text": HERO["link_text"],
            },
        ),
        (
            "cards",
            {
                "heading": "이렇게 배울 수 있어요",
                "cards": [
                    {"title": title, "text": text, "image": None, "page": _menu_page(home, title)}
                    for title, text in CARDS
                ],
            },
        ),
        ("text", RichText(CLOSING_TEXT)),
    ]
    home.save_revision().publish()
    stdout.write("  홈 페이지 본문(대표 안내, 카드, 안내문)을 채웠습니다.")


def _fill_site_settings(site, stdout):
    # Contact department and phone default to the plan's 시민봉사담당관 ☎ 02-2133-6460.
    site_settings = SiteSettings.for_site(site)
    if not site_settings.footer_text:
        site_settings.footer_text = FOOTER_TEXT
        site_settings.save()
    stdout.write(f"  사이트 설정: 문의처 {site_settings.contact_department} {site_settings.contact_phone}")
