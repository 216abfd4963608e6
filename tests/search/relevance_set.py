"""About 100 queries staff type, with graded judgements over the demo corpus (tests/search/corpus.py).

Each entry is (query, category, {page title: grade}); grade 2 = the page is about it, 1 = it helps.
Titles identify pages (a U-지식여행 episode and a video lesson sharing a title count as one).
`evaluate` ranks with the site search and gives recall@10 and nDCG@10 per query.
"""

import math

C1 = "악성민원 사례별 대응요령"
C2 = "전화·방문 민원 응대요령"
MANUAL = "악성민원 대응매뉴얼"
SERIES = "악성민원 대응 웹툰"
TYPES = "악성민원의 유형과 판단 기준"
THREE_STEPS = "폭언·욕설 민원 3단계 대응"
QUIZ1 = "1차 확인 퀴즈: 유형과 3단계 대응"
REPEAT_CASES = "반복·고질 민원 사례"
REPEAT_TEXT = "반복·고질 민원 응대와 민원상담관"
HARASSMENT = "성희롱·위협 민원과 직원 보호"
EMOTIONAL = "감정노동, 나를 지키는 서비스"
PHONE_BASICS = "전화 응대의 기본 다섯 가지"
PHONE_RULES = "전화 응대 5원칙"
VISIT = "방문 민원 맞이하기와 배웅하기"
PHONE_QUIZ = "전화·방문 응대 확인 퀴즈"
WHAT_DIFFERS = "악성민원, 무엇이 다른가"
MIND_TOPIC = ["민원 뒤에 숨은 욕구 읽기", "불만 민원인의 심리 이해", "시민의 입장에서 공무원 바라보기",
              "말귀를 알아듣는다는 것", "DISC로 보는 민원인 유형", "고질 민원인을 대하는 우리의 자세"]
TALK_TOPIC = ["상대의 감정을 누그러뜨리는 말", "화성에서 온 시민, 금성에서 온 공무원", "되묻기와 요약하기",
              "완전한 사과의 요령", "불만 민원인 응대 9단계", "쉬운 말로 안내하기", "폭언 앞에서 선 긋는 법"]
SERVICE_TOPIC = ["첫인사 3초가 민원을 바꾼다", "공무원은 왜 친절해야 할까", "끝인사로 재민원을 막는 법",
                 EMOTIONAL, PHONE_BASICS, "해결책이 없을 때 말하는 법", "자존감이 서비스 품질을 만든다"]
MALICIOUS = {C1: 2, MANUAL: 2, TYPES: 2, WHAT_DIFFERS: 2, SERIES: 2}

RELEVANCE_SET = [
    # Particles and endings
    ("악성민원을", "particle", MALICIOUS),
    ("폭언을", "particle", {"폭언 앞에서 선 긋는 법": 2, "전화 폭언, 끊어도 됩니다": 2, THREE_STEPS: 2,
                           "욕설·폭언에 대응하는 우리의 약속": 2}),
    ("욕설에", "particle", {"욕설에는 1차 경고": 2, THREE_STEPS: 2}),
    ("사과를", "particle", {"완전한 사과의 요령": 2, "제대로 사과하기": 2}),
    ("민원인을 응대하는 단계", "ending", {"불만 민원인 응대 9단계": 2}),
    ("성희롱을", "particle", {"그 말은 성희롱입니다": 2, HARASSMENT: 2}),
    ("녹음하면", "ending", {"녹음하겠습니다": 2, MANUAL: 1}),
    ("끊어도 되나요", "ending", {"전화 폭언, 끊어도 됩니다": 2}),
    ("경고하는", "ending", {"욕설에는 1차 경고": 2}),
    ("피해야", "ending", {"위험할 땐 피하세요": 2}),
    ("친절해야 하는 이유", "ending", {"공무원은 왜 친절해야 할까": 2}),
    ("첫인사가", "particle", {"첫인사 3초가 민원을 바꾼다": 2, VISIT: 1}),
    ("끝인사로", "particle", {"끝인사로 재민원을 막는 법": 2}),
    ("교대하는", "ending", {"교대합시다": 2}),
    ("요약하기를", "particle", {"되묻기와 요약하기": 2}),
    ("공감하는 말", "ending", {"상대의 감정을 누그러뜨리는 말": 2}),
    ("점거하는 민원인", "ending", {"세 시간째 창구 앞": 2, MANUAL: 1}),
    ("협박을 받았을 때", "ending", {"인터넷에 올릴 거야": 2, MANUAL: 1}),
    ("배웅하는 방법", "ending", {VISIT: 2}),
    ("기다린 민원인이", "ending", {"너, 나 지금 무시하냐?": 2}),
    ("상급자를 찾는", "ending", {"책임자 나와!": 2}),
    ("쉬어야", "ending", {"마음도 쉬어야 합니다": 2}),
    ("반복되는 민원을", "ending", {"같은 민원, 열두 번째": 2, REPEAT_CASES: 2, REPEAT_TEXT: 2,
                               "고질 민원인을 대하는 우리의 자세": 1}),
    ("사랑하는 엄마가", "ending", {"마음 연결음": 2}),
    ("존중하는 문화", "ending", {"상호존중 공공서비스": 2, "땅콩회항, 그 후": 1}),
    ("심리를 이해하기", "particle", {"불만 민원인의 심리 이해": 2}),
    ("욕구를 읽는", "ending", {"민원 뒤에 숨은 욕구 읽기": 2}),
    ("누그러뜨리는", "ending", {"상대의 감정을 누그러뜨리는 말": 2}),
    # Compounds and their parts
    ("악성민원", "compound", MALICIOUS),
    ("민원상담관", "compound", {REPEAT_TEXT: 2}),
    ("상담관", "part", {REPEAT_TEXT: 2}),
    ("감정노동", "compound", {EMOTIONAL: 2, "마음도 쉬어야 합니다": 1}),
    ("노동", "part", {EMOTIONAL: 2}),
    ("특이민원", "compound", {"의료기관의 특이민원": 2}),
    ("갑질", "part", {"백화점·마트의 갑질, 창구에서도?": 2}),
    ("연결음", "part", {"마음 연결음": 2}),
    ("청원경찰", "compound", {"세 시간째 창구 앞": 2, THREE_STEPS: 1, HARASSMENT: 1}),
    ("경찰", "part", {"위험할 땐 피하세요": 2, "세 시간째 창구 앞": 1}),
    ("비상벨", "compound", {"위험할 땐 피하세요": 2}),
    ("힐링센터", "compound", {"마음도 쉬어야 합니다": 2, HARASSMENT: 1, MANUAL: 1}),
    ("상담실", "part", {MANUAL: 1, HARASSMENT: 1}),
    ("재민원", "compound", {"끝인사로 재민원을 막는 법": 2}),
    ("민원 에티켓", "compound", {"민원 에티켓도 함께 뽑아 주세요": 2}),
    ("번호표", "compound", {"민원 에티켓도 함께 뽑아 주세요": 2, "너, 나 지금 무시하냐?": 2}),
    ("공공서비스", "compound", {"상호존중 공공서비스": 2}),
    ("땅콩회항", "compound", {"땅콩회항, 그 후": 2}),
    ("의료기관", "compound", {"의료기관의 특이민원": 2}),
    ("자존감", "compound", {"자존감이 서비스 품질을 만든다": 2}),
    ("서비스 품질", "compound", {"자존감이 서비스 품질을 만든다": 2}),
    ("말귀", "compound", {"말귀를 알아듣는다는 것": 2}),
    ("대응매뉴얼", "compound", {MANUAL: 2}),
    ("아리수토탈서비스", "compound", {VISIT: 2}),
    ("아리수", "part", {VISIT: 2}),
    ("처리지침", "compound", {TYPES: 2, MANUAL: 2}),
    ("재발 방지", "compound", {"불만 민원인 응대 9단계": 2}),
    # Spacing
    ("악성 민원", "spacing", MALICIOUS),
    ("감정 노동", "spacing", {EMOTIONAL: 2}),
    ("전화응대", "spacing", {PHONE_RULES: 2, PHONE_BASICS: 2, C2: 2}),
    ("방문민원", "spacing", {VISIT: 2, PHONE_QUIZ: 1, C2: 1}),
    ("민원 상담관", "spacing", {REPEAT_TEXT: 2}),
    ("대응 매뉴얼", "spacing", {MANUAL: 2}),
    ("불만민원인", "spacing", {"불만 민원인 응대 9단계": 2, "불만 민원인의 심리 이해": 2}),
    ("고질민원", "spacing", {REPEAT_CASES: 2, REPEAT_TEXT: 2, "고질 민원인을 대하는 우리의 자세": 2}),
    ("상호 존중", "spacing", {"상호존중 공공서비스": 2}),
    ("마음연결음", "spacing", {"마음 연결음": 2}),
    ("끝 인사", "spacing", {"끝인사로 재민원을 막는 법": 2}),
    ("힐링 센터", "spacing", {"마음도 쉬어야 합니다": 2}),
    ("판단기준", "spacing", {TYPES: 2}),
    ("종합평가", "spacing", {"종합 평가": 2}),
    ("확인퀴즈", "spacing", {QUIZ1: 2, PHONE_QUIZ: 2}),
    # Loanwords
    ("매뉴얼", "loanword", {MANUAL: 2}),
    ("메뉴얼", "loanword", {MANUAL: 2}),
    ("스트레스", "loanword", {"마음도 쉬어야 합니다": 2, MANUAL: 1, HARASSMENT: 1}),
    ("디스크 유형", "loanword", {"DISC로 보는 민원인 유형": 2}),
    ("DISC", "loanword", {"DISC로 보는 민원인 유형": 2}),
    ("disc", "loanword", {"DISC로 보는 민원인 유형": 2}),
    ("CCTV", "loanword", {HARASSMENT: 2}),
    ("인터넷", "loanword", {"인터넷에 올릴 거야": 2, MANUAL: 1}),
    ("마트", "loanword", {"백화점·마트의 갑질, 창구에서도?": 2}),
    ("메모", "loanword", {PHONE_RULES: 2, PHONE_BASICS: 2}),
    ("크리에이터", "loanword", {"시민 영상 크리에이터가 본 민원 창구": 2}),
    ("이러닝", "loanword", {"이러닝 과정": 2}),
    ("웹툰", "loanword", {SERIES: 2}),
    # Abbreviations and other words for the same thing
    ("유지식여행", "abbreviation", {"U-지식여행": 2}),
    ("U지식여행", "abbreviation", {"U-지식여행": 2}),
    ("e러닝", "abbreviation", {"이러닝 과정": 2}),
    ("온라인 교육", "abbreviation", {"이러닝 과정": 2}),
    ("만화", "abbreviation", {SERIES: 2}),
    ("막말", "abbreviation", {"폭언 앞에서 선 긋는 법": 2, "전화 폭언, 끊어도 됩니다": 2}),
    ("성추행", "abbreviation", {"그 말은 성희롱입니다": 2, HARASSMENT: 2}),
    ("112", "abbreviation", {HARASSMENT: 2}),
    ("5원칙", "abbreviation", {PHONE_RULES: 2}),
    ("9단계", "abbreviation", {"불만 민원인 응대 9단계": 2}),
    ("3단계", "abbreviation", {THREE_STEPS: 2, QUIZ1: 2}),
    # Typos
    ("악성민언", "typo", {C1: 2, MANUAL: 2, TYPES: 2}),
    ("민원상담간", "typo", {REPEAT_TEXT: 2}),
    ("힐링센타", "typo", {"마음도 쉬어야 합니다": 2}),
    ("땅콩회향", "typo", {"땅콩회항, 그 후": 2}),
    ("크리에이타", "typo", {"시민 영상 크리에이터가 본 민원 창구": 2}),
    ("에티캣", "typo", {"민원 에티켓도 함께 뽑아 주세요": 2}),
    ("청원경칠", "typo", {"세 시간째 창구 앞": 2}),
    ("스트래스", "typo", {"마음도 쉬어야 합니다": 2}),
    # What is inside: captions, transcripts, quiz questions, the manual's PDF, topics
    ("초상권", "content", {MANUAL: 2}),
    ("서울노동권익센터", "content", {MANUAL: 2}),
    ("형사 고발", "content", {MANUAL: 2}),
    ("정기검진", "content", {MANUAL: 2, HARASSMENT: 2}),
    ("의견진술", "content", {"욕설에는 1차 경고": 2}),
    ("과태료 고지서", "content", {"욕설에는 1차 경고": 2}),
    ("열린민원실", "content", {"너, 나 지금 무시하냐?": 2}),
    ("수화기", "content", {"전화 폭언, 끊어도 됩니다": 2, PHONE_RULES: 1, PHONE_QUIZ: 1}),
    ("민원처리에 관한 법률", "content", {TYPES: 2, QUIZ1: 2}),
    ("물건을 던지려", "content", {QUIZ1: 2, TYPES: 1}),
    ("첫마디", "content", {PHONE_QUIZ: 2}),
    ("악성민원의 특징", "content", {WHAT_DIFFERS: 2}),
    ("감정노동과 회복", "content", {EMOTIONAL: 2}),
    ("시민의 마음을 읽는 법", "content", {title: 1 for title in MIND_TOPIC}),
    ("소통기법", "content", {title: 1 for title in TALK_TOPIC}),
    ("공직자 서비스 마인드", "content", {title: 1 for title in SERVICE_TOPIC}),
    ("녹음·녹화", "content", {"녹음하겠습니다": 2, MANUAL: 2}),
]


def recall_at(ranked, judged, k=10):
    relevant = {title for title, grade in judged.items() if grade > 0}
    return len(relevant & set(ranked[:k])) / min(len(relevant), k)


def ndcg_at(ranked, judged, k=10):
    gains = [(2 ** judged.get(title, 0) - 1) / math.log2(position + 2) for position, title in enumerate(ranked[:k])]
    ideal = sorted(judged.values(), reverse=True)[:k]
    best = sum((2**grade - 1) / math.log2(position + 2) for position, grade in enumerate(ideal))
    return sum(gains) / best if best else 0.0


def ranked_titles(results, k=10):
    """Result titles in order, each once (a title shared by an episode and a lesson is one page here)."""
    titles = []
    for page in results:
        if page.title not in titles:
            titles.append(page.title)
        if len(titles) == k:
            break
    return titles


def evaluate(search, k=10):
    """[(query, category, recall@k, nDCG@k, ranked titles)] with `search(query)` giving ranked pages."""
    rows = []
    for query, category, judged in RELEVANCE_SET:
        ranked = ranked_titles(search(query)[: k * 2], k)
        rows.append((query, category, recall_at(ranked, judged, k), ndcg_at(ranked, judged, k), ranked))
    return rows
