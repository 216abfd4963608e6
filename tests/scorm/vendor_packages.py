"""SCORM packages built the way vendors' are, for the browser tests.

- `storyline_like()`: SCORM 1.2 in a zip of its folder. ADL's APIWrapper discovery (walk window.parent,
  then window.opener), a global `var API = null` as SCORM drivers declare, its slide texts loaded as JSON
  and a script loaded and evaluated by XHR (as Captivate does), each slide a page framed by the SCO that
  finds the API by walking up itself, a confirm() "resume?" prompt, and a launch page with no
  <meta charset> whose own Korean literals go into the suspend data.
- `pipwerks_like()`: SCORM 1.2 through the pipwerks wrapper with no version set, which takes
  API_1484_11 when it sees one before API; it reports the version it found, alerts on completion.
- `new_window_2004()`: SCORM 2004 whose launch page opens the course in a new window, where ADL's 2004
  discovery finds API_1484_11 through window.opener; it resumes from cmi.location.
- `three_scos_12()`: SCORM 1.2 with three SCOs, two of them in a nested item, each counting its visits
  in its own suspend data.
- `navigation_requests_2004()`: SCORM 2004 with two SCOs that move on by adl.nav.request (continue, and
  a choice back to the first).
"""

from . import zips

MANIFEST_12 = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="{identifier}" version="1.0" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
          xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="org">
    <organization identifier="org"><title>{title}</title>
      <item identifier="item" identifierref="sco"><title>{title}</title></item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="sco" type="webcontent" adlcp:scormtype="sco" href="{href}"/>
  </resources>
</manifest>"""

MANIFEST_2004 = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="{identifier}" version="1" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
          xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
  <organizations default="org">
    <organization identifier="org"><title>{title}</title>
      <item identifier="item" identifierref="sco"><title>{title}</title></item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="sco" type="webcontent" adlcp:scormType="sco" href="{href}"/>
  </resources>
</manifest>"""

# ADL's APIWrapper.js (SCORM 1.2), as vendors copy it.
ADL_API_WRAPPER = """
var findAPITries = 0;
function findAPI(win) {
  while ((win.API == null) && (win.parent != null) && (win.parent != win)) {
    findAPITries++;
    if (findAPITries > 7) { return null; }
    win = win.parent;
  }
  return win.API;
}
function getAPI() {
  var theAPI = findAPI(window);
  if ((theAPI == null) && (window.opener != null) && (typeof(window.opener) != "undefined")) {
    theAPI = findAPI(window.opener);
  }
  return theAPI;
}
"""

# The launch page: no <meta charset>, Korean text and literals (decoded as UTF-8 only if the server says so).
STORY_HTML = """<!DOCTYPE html>
<html lang="ko"><head><title>민원 응대 실습</title>
<script src="lms/APIWrapper.js"></script>
<script>
var API = null; /* the global every SCORM driver declares */
var MEMO = "침착하게 끝까지 경청";
</script>
<script src="story.js" defer></script>
</head>
<body><main>
<h1 id="heading">민원 응대 실습</h1>
<p id="slide-title">불러오는 중</p>
<p id="memo"></p>
<iframe id="slide-frame" title="슬라이드" width="600" height="160"></iframe>
<p><button type="button" id="next">다음 슬라이드</button></p>
<p id="strings-status"></p>
</main></body></html>
""".encode()

STORY_JS = """
(function () {
  var lms = getAPI();
  var slides = [];
  var current = 1;
  function show() {
    document.getElementById("slide-title").textContent = current + " / " + slides.length + " " + slides[current - 1];
    document.getElementById("slide-frame").src = "slides/slide" + current + ".html";
  }
  function save() {
    lms.LMSSetValue("cmi.suspend_data", JSON.stringify({slide: current, memo: MEMO}));
    lms.LMSSetValue("cmi.core.exit", "suspend");
    if (current === slides.length) lms.LMSSetValue("cmi.core.lesson_status", "completed");
    lms.LMSCommit("");
  }
  function start() {
    lms.LMSInitialize("");
    if (lms.LMSGetValue("cmi.core.lesson_status") === "not attempted") {
      lms.LMSSetValue("cmi.core.lesson_status", "incomplete");
    }
    var saved = lms.LMSGetValue("cmi.suspend_data");
    if (saved) {
      var state = JSON.parse(saved);
      document.getElementById("memo").textContent = "저장된 메모: " + state.memo;
      if (window.confirm("지난번 학습하던 " + state.slide + "번 슬라이드부터 이어서 학습하시겠습니까?")) {
        current = state.slide;
      }
    }
    show();
    save();
  }
  document.getElementById("next").addEventListener("click", function () {
    if (current < slides.length) { current += 1; show(); save(); }
  });
  var strings = new XMLHttpRequest();  /* a script fetched and evaluated, as Captivate loads its own */
  strings.open("GET", "data/strings.js");
  strings.onload = function () {
    eval(strings.responseText);
    document.getElementById("strings-status").textContent = window.STORY_STRINGS.ready;
  };
  strings.send();
  var request = new XMLHttpRequest();
  request.open("GET", "data/slides.json");
  request.responseType = "json";
  request.onload = function () { slides = request.response.slides; start(); };
  request.send();
})();
"""

SLIDE_HTML = """<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8"><title>슬라이드 {n}</title>
<script src="../lms/APIWrapper.js"></script></head>
<body><p id="slide-body">슬라이드 {n} 본문</p>
<script>
  var api = getAPI(); /* two frames up: this slide, the SCO's page, the player */
  api.LMSSetValue("cmi.core.lesson_location", "slide-{n}");
  document.getElementById("slide-body").textContent += " (위치 저장됨)";
</script></body></html>"""


def storyline_like(folder="민원응대실습_Storyline_output"):
    files = {
        "imsmanifest.xml": MANIFEST_12.format(identifier="story", title="민원 응대 실습", href="story.html"),
        "story.html": STORY_HTML,
        "story.js": STORY_JS,
        "lms/APIWrapper.js": ADL_API_WRAPPER,
        "data/slides.json": '{"slides": ["민원인 맞이하기", "경청과 공감", "마무리 인사"]}',
        "data/strings.js": 'window.STORY_STRINGS = {ready: "문구를 불러왔습니다"};',
        **{f"slides/slide{n}.html": SLIDE_HTML.format(n=n) for n in (1, 2, 3)},
    }
    return zips.in_folder(folder, files, macos_leftovers=True)


# The pipwerks SCORM wrapper's discovery (pipwerks.SCORM.API.find), as vendors ship it.
PIPWERKS_HTML = """<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8"><title>pipwerks 과정</title></head>
<body><main><h1>pipwerks 과정</h1><p id="found">찾는 중</p><p id="where"></p>
<button type="button" id="finish">학습 완료</button></main>
<script>
var pipwerks = {SCORM: {version: null, API: {handle: null}}};
pipwerks.SCORM.API.find = function (win) {
  var API = null, findAttempts = 0, findAttemptLimit = 500, scorm = pipwerks.SCORM;
  while ((!win.API && !win.API_1484_11) && (win.parent) && (win.parent != win) && (findAttempts <= findAttemptLimit)) {
    findAttempts++;
    win = win.parent;
  }
  if (win.API_1484_11) { scorm.version = "2004"; API = win.API_1484_11; }
  else if (win.API) { scorm.version = "1.2"; API = win.API; }
  return API;
};
var api = pipwerks.SCORM.API.find(window);
document.getElementById("found").textContent = "찾은 API: SCORM " + pipwerks.SCORM.version;
api.LMSInitialize("");
var visits = Number(api.LMSGetValue("cmi.core.lesson_location") || "0") + 1;
document.getElementById("where").textContent = visits + "번째 방문";
api.LMSSetValue("cmi.core.lesson_location", String(visits));
api.LMSSetValue("cmi.core.exit", "suspend");
api.LMSCommit("");
document.getElementById("finish").addEventListener("click", function () {
  api.LMSSetValue("cmi.core.lesson_status", "passed");
  api.LMSSetValue("cmi.core.score.raw", "90");
  api.LMSCommit("");
  window.alert("학습을 마쳤습니다.");
  document.getElementById("found").textContent = "완료를 알렸습니다";
});
</script></body></html>"""


def pipwerks_like():
    return zips.build({
        "imsmanifest.xml": MANIFEST_12.format(identifier="pipwerks", title="pipwerks 과정", href="index.html"),
        "index.html": PIPWERKS_HTML,
    })


# ADL's SCORM 2004 discovery (scanForAPI over parents, then the opener).
ADL_2004_DISCOVERY = """
function scanForAPI(win) {
  var nFindAPITries = 0;
  while ((win.API_1484_11 == null) && (win.parent != null) && (win.parent != win)) {
    nFindAPITries++;
    if (nFindAPITries > 500) { return null; }
    win = win.parent;
  }
  return win.API_1484_11;
}
function GetAPI(win) {
  var API = null;
  if ((win.parent != null) && (win.parent != win)) { API = scanForAPI(win.parent); }
  if ((API == null) && (win.opener != null)) { API = scanForAPI(win.opener); }
  return API;
}
"""

NEW_WINDOW_LAUNCH = """<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8"><title>새 창 과정</title></head>
<body><main><h1>새 창 과정</h1><p>과정이 새 창에서 열립니다.</p>
<button type="button" id="open">새 창에서 학습하기</button></main>
<script>
document.getElementById("open").addEventListener("click", function () {
  window.open("course.html", "scorm_course", "width=800,height=600");
});
</script></body></html>"""

NEW_WINDOW_COURSE = """<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8"><title>새 창 과정 본문</title>
<script src="discovery.js"></script></head>
<body><main><h1>본문</h1><p id="state">찾는 중</p>
<button type="button" id="done">이 단원 마치기</button></main>
<script>
var api = GetAPI(window);
api.Initialize("");
var location_ = api.GetValue("cmi.location");
document.getElementById("state").textContent = location_ ? "이어서: " + location_ : "처음 시작";
api.SetValue("cmi.location", "unit-2");
api.SetValue("cmi.completion_status", "incomplete");
api.SetValue("cmi.exit", "suspend");
api.Commit("");
document.getElementById("done").addEventListener("click", function () {
  api.SetValue("cmi.completion_status", "completed");
  api.SetValue("cmi.success_status", "passed");
  api.SetValue("cmi.exit", "normal");
  api.Commit("");
  api.Terminate("");
  document.getElementById("state").textContent = "마쳤습니다";
});
</script></body></html>"""


def new_window_2004():
    return zips.build({
        "imsmanifest.xml": MANIFEST_2004.format(identifier="window", title="새 창 과정", href="launch.html"),
        "launch.html": NEW_WINDOW_LAUNCH,
        "course.html": NEW_WINDOW_COURSE,
        "discovery.js": ADL_2004_DISCOVERY,
    })


MANIFEST_3_SCOS_12 = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="three" version="1.0" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
          xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="org">
    <organization identifier="org"><title>악성민원 대응 과정</title>
      <item identifier="unit-1" identifierref="r1"><title>1단원 이해하기</title></item>
      <item identifier="part-2"><title>2부 실습</title>
        <item identifier="unit-2" identifierref="r2"><title>2단원 응대 연습</title></item>
        <item identifier="unit-3" identifierref="r3"><title>3단원 마무리</title></item>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="unit1/index.html"/>
    <resource identifier="r2" type="webcontent" adlcp:scormtype="sco" href="unit2/index.html"/>
    <resource identifier="r3" type="webcontent" adlcp:scormtype="sco" href="unit3/index.html"/>
  </resources>
</manifest>"""

UNIT_12 = """<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8"><title>{title}</title>
<script src="../lms/APIWrapper.js"></script></head>
<body><main><h1>{title}</h1><p id="visits"></p><button type="button" id="done">{title} 마치기</button></main>
<script>
var api = getAPI();
api.LMSInitialize("");
var visits = Number(api.LMSGetValue("cmi.suspend_data") || "0") + 1;
document.getElementById("visits").textContent = "{title}: " + visits + "번째 학습, 상태 " + api.LMSGetValue("cmi.core.lesson_status");
api.LMSSetValue("cmi.suspend_data", String(visits));
api.LMSCommit("");
document.getElementById("done").addEventListener("click", function () {{
  api.LMSSetValue("cmi.core.lesson_status", "completed");
  api.LMSCommit("");
  document.getElementById("visits").textContent = "{title} 완료";
}});
</script></body></html>"""


def three_scos_12():
    return zips.build({
        "imsmanifest.xml": MANIFEST_3_SCOS_12,
        "lms/APIWrapper.js": ADL_API_WRAPPER,
        **{f"unit{n}/index.html": UNIT_12.format(title=title)
           for n, title in ((1, "1단원 이해하기"), (2, "2단원 응대 연습"), (3, "3단원 마무리"))},
    })


MANIFEST_NAV_2004 = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="nav" version="1" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
          xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
  <organizations default="org">
    <organization identifier="org"><title>이동 요청 과정</title>
      <item identifier="first" identifierref="r1"><title>첫 활동</title></item>
      <item identifier="second" identifierref="r2"><title>둘째 활동</title></item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="r1" type="webcontent" adlcp:scormType="sco" href="first.html"/>
    <resource identifier="r2" type="webcontent" adlcp:scormType="sco" href="second.html"/>
  </resources>
</manifest>"""

NAV_SCO_2004 = """<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8"><title>{title}</title>
<script src="discovery.js"></script></head>
<body><main><h1>{title}</h1>
<button type="button" id="go">{label}</button></main>
<script>
var api = GetAPI(window);
api.Initialize("");
document.getElementById("go").addEventListener("click", function () {{
  api.SetValue("cmi.completion_status", "completed");
  api.SetValue("cmi.success_status", "passed");
  api.SetValue("adl.nav.request", "{request}");
  api.Commit("");
  api.Terminate("");
}});
</script></body></html>"""


def navigation_requests_2004():
    return zips.build({
        "imsmanifest.xml": MANIFEST_NAV_2004,
        "discovery.js": ADL_2004_DISCOVERY,
        "first.html": NAV_SCO_2004.format(title="첫 활동", label="다음 활동으로", request="continue"),
        "second.html": NAV_SCO_2004.format(title="둘째 활동", label="첫 활동으로 돌아가기", request="{target=first}choice"),
    })
