"""The programme kinds of the 2018 plan (§1–§4, §6) and the arisu plan (§3), which a data migration
creates; HR adds others as snippets. (name, visiting training)"""

PLAN_KINDS = [
    ("감정노동 힐링 프로그램", False),
    ("찾아가는 맞춤형 친절교육", True),
    ("소통공감 명사특강", False),
    ("런치특강", False),
    ("민원응대 원포인트레슨", True),
    ("신규·재직 민원응대역량 과정", False),
    ("현장전문인 교육", False),
]
