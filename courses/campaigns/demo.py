"""Demo 인식개선 캠페인: the plan's 8 recognition-changing videos (§7), 5 of them public, with posters.

Posters are drawn with Pillow in NanumGothic; clips of 30 seconds to 2 minutes are generated with
ffmpeg and sent through the real media pipeline (see media_pipeline.demo). Idempotent: a second run changes nothing.
"""

import tempfile
import textwrap
from io import BytesIO
from pathlib import Path

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.images import get_image_model

from lms.home.demo import home_child
from media_pipeline.demo import FONT, demo_video

from .models import CampaignIndexPage, CampaignPage, CampaignPoster

PLEDGE = ("상호존중 서약하기", "욕설·폭언 없는 민원 문화를 만드는 데 함께하겠다는 서약입니다. 누르면 참여로 기록됩니다.")

# (title, intro, public, poster text, colour, participation action)
CAMPAIGNS = [
    ("땅콩회항, 그 후", "지위를 앞세운 무리한 요구가 남긴 상처를 돌아보며 서로 존중하는 서비스 문화를 생각합니다.",
     True, "갑질 대신\n존중을", "#a3262a", PLEDGE),
    ("백화점·마트의 갑질, 창구에서도?", "매장에서 일어난 갑질 사례로 공공기관 민원 창구의 모습을 되짚어 봅니다.",
     True, "직원도 누군가의\n소중한 가족입니다", "#1b4f8a", None),
    ("의료기관의 특이민원", "진료 현장의 특이민원 사례와 함께 의료진을 지키는 방법을 소개합니다.",
     True, "치료하는 손을\n지켜 주세요", "#2f6f5e", None),
    ("마음 연결음", "\"제가 세상에서 가장 사랑하는 우리 엄마가 상담해 드릴 예정입니다.\" 가족의 목소리가 담긴 연결음 이야기.",
     True, "지금 연결될 상담사는\n누군가의 엄마입니다", "#7a3e9d", PLEDGE),
    ("민원 에티켓도 함께 뽑아 주세요", "번호표를 뽑듯 민원 에티켓도 함께 챙겨 주세요. 행정안전부 캠페인과 함께합니다.",
     True, "민원 에티켓도\n함께 뽑아 주세요", "#8a5a1b", None),
    ("욕설·폭언에 대응하는 우리의 약속", "폭언이 계속될 때 직원이 취할 수 있는 조치와 법적 보호 수단을 안내합니다.",
     False, "폭언은\n민원이 아닙니다", "#333f4f", PLEDGE),
    ("시민 영상 크리에이터가 본 민원 창구", "시민 크리에이터의 눈으로 본 민원 창구의 하루.",
     False, "창구 너머의\n하루", "#1b6b8a", None),
    ("상호존중 공공서비스", "시민과 공무원이 서로 존중할 때 공공서비스가 더 좋아집니다.",
     False, "서로 존중하는\n공공서비스", "#4f5b1b", PLEDGE),
]


def clip_seconds(number):
    """30 seconds to 2 minutes, a different length for each campaign."""
    return 30 + (number * 47) % 91


def poster_image(title, text, colour):
    """A 700×990 campaign poster: the slogan large, the campaign title below, in NanumGothic."""
    poster = PILImage.new("RGB", (700, 990), colour)
    draw = ImageDraw.Draw(poster)
    slogan_font = ImageFont.truetype(FONT, 64)
    small_font = ImageFont.truetype(FONT, 30)
    draw.multiline_text((350, 420), text, font=slogan_font, fill="white", anchor="mm", align="center", spacing=24)
    draw.multiline_text((350, 820), textwrap.fill(title, 18), font=small_font, fill="#f2f2f2", anchor="mm", align="center")
    draw.text((350, 930), "서울특별시 시민봉사담당관", font=small_font, fill="#f2b705", anchor="mm")
    buffer = BytesIO()
    poster.save(buffer, "PNG", optimize=True)
    return get_image_model().objects.create(title=f"{title} 포스터", file=ImageFile(buffer, name="campaign-poster.png"))


def load(stdout):
    index, _ = home_child(
        CampaignIndexPage,
        title="캠페인",
        slug="campaign",
        intro="악성·특이민원 근절과 상호존중 문화를 위한 인식개선 캠페인입니다. 시민 공개 영상은 로그인 없이 볼 수 있습니다.",
        show_in_menus=True,
    )

    existing = set(CampaignPage.objects.child_of(index).values_list("title", flat=True))
    created = 0
    with tempfile.TemporaryDirectory() as folder:
        for number, (title, intro, is_public, slogan, colour, action) in enumerate(CAMPAIGNS, start=1):
            if title in existing:
                continue
            label, text = action or ("", "")
            campaign = CampaignPage(
                title=title,
                intro=intro,
                is_public=is_public,
                video=demo_video(
                    Path(folder), f"campaign-{number}", title, label=f"캠페인 {number}", colour=colour, is_public=is_public,
                    seconds=clip_seconds(number), rate=5,
                ),
                participation_label=label,
                participation_text=text,
            )
            campaign.posters.add(CampaignPoster(image=poster_image(title, slogan, colour), caption="인쇄용 원본"))
            index.add_child(instance=campaign)
            campaign.save_revision().publish()
            created += 1
    stdout.write(f"캠페인 {created}편을 만들었습니다(시민 공개 {sum(1 for c in CAMPAIGNS if c[2])}편).")
