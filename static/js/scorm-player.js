/*
 * The SCORM player page, on the content origin (courses/scorm/views.py: player).
 *
 * It hosts scorm-again's API under the name of the package's version only (window.API for 1.2,
 * window.API_1484_11 for 2004) and frames the SCO on this same origin, so ADL's GetAPI, Rustici's
 * SCORM Driver, pipwerks and hand-written SCOs find it by walking window.parent (or window.opener from
 * a window the SCO opened), and a SCO's own `var API = null` only shadows the name in its own window.
 * Commits go to this origin's commit URL, which carries the signed launch token: no cookie, no session.
 * Closing the tab or leaving the lesson ends the session; scorm-again sends that terminate commit with
 * navigator.sendBeacon, which the browser delivers after the page is gone.
 *
 * A package of several SCOs gets a table of contents (choice) and previous/next (flow). Each SCO has
 * an API of its own, started from that SCO's saved CMI, and its commits name it; moving on ends the
 * current one first. A 2004 SCO's adl.nav.request (continue, previous, choice, jump) moves the same way
 * once it terminates; exit and exitAll leave the learner where they are.
 *
 * After each commit the lesson page above (the platform's origin, config.platformOrigin) is told that
 * something was saved, and reads the lesson's status from its own server (scorm-lesson.js); the table of
 * contents re-reads which SCOs are complete. A terminating commit goes by sendBeacon, with no answer to
 * wait for, so both look again a little later.
 */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("scorm-player-config").textContent);
  var status = document.querySelector("[data-scorm-status]");
  var frame = document.querySelector("iframe[data-sco-frame]");
  var is2004 = config.version === "2004";
  var ApiClass = is2004 ? window.Scorm2004API : window.Scorm12API;
  var apiName = is2004 ? "API_1484_11" : "API";
  var scos = config.scos.filter(function (item) { return item.url; });
  var api = null;
  var currentSco = config.sco;

  function showStatus(text, state) {
    status.textContent = text;
    status.dataset.state = state;
  }

  function finish() {
    if (api && api.isInitialized() && !api.isTerminated()) {
      if (is2004) api.Terminate("");
      else api.LMSFinish("");
    }
  }

  function start(sco, cmi, url) {
    currentSco = sco;
    api = new ApiClass({
      lmsCommitUrl: config.commitUrl,
      dataCommitFormat: "flattened",
      autocommit: true,
      autocommitSeconds: 15,
      logLevel: 4,
      terminationCommitContentType: "application/x-www-form-urlencoded;charset=UTF-8",
      requestHandler: function (values, metadata) {
        if (metadata && metadata.isTerminateCommit) afterCommit(BEACON_DELAYS);
        return [
          "sco=" + encodeURIComponent(sco),
          "final=" + (metadata && metadata.isTerminateCommit ? "1" : "0"),
          "cmi=" + encodeURIComponent(JSON.stringify(values)),
        ];
      },
      xhrResponseHandler: function (xhr) {
        var body = {};
        try {
          body = JSON.parse(xhr.responseText);
        } catch (error) {
          body = {};
        }
        if (xhr.status >= 200 && xhr.status < 300) {
          showStatus("학습 기록을 저장했습니다. (" + new Date().toLocaleTimeString("ko-KR") + ")", "saved");
          afterCommit([0]);
          return { result: "true", errorCode: 0 };
        }
        showStatus(body.error || "학습 기록을 저장하지 못했습니다. 잠시 후 다시 시도해 주세요.", "error");
        return { result: "false", errorCode: 101 };
      },
    });
    api.loadFromFlattenedJSON(cmi, "");
    if (scos.length) listenForNavigation(api);
    window[apiName] = api;
    markCurrent();
    frame.src = url;
  }

  // ---- after a commit ------------------------------------------------------------------------------
  var BEACON_DELAYS = [1000, 3000];

  function afterCommit(delays) {
    delays.forEach(function (delay) {
      window.setTimeout(function () {
        if (window.parent !== window) {
          window.parent.postMessage({ type: "scorm:committed" }, config.platformOrigin);
        }
        if (config.progressUrl) refreshCompleted();
      }, delay);
    });
  }

  function refreshCompleted() {
    var request = new XMLHttpRequest();
    request.open("GET", config.progressUrl);
    request.responseType = "json";
    request.onload = function () {
      if (request.status === 200 && request.response) markCompleted(request.response.completedScos);
    };
    request.send();
  }

  function markCompleted(completed) {
    document.querySelectorAll("[data-sco-choice]").forEach(function (button) {
      // A completed SCO stays completed (the server never takes a completion back).
      if (completed.indexOf(button.dataset.scoChoice) === -1 || button.querySelector(".scorm-player__done")) return;
      var mark = document.createElement("span");
      mark.className = "scorm-player__done";
      mark.textContent = "(완료)";
      button.append(" ", mark);
    });
  }

  // ---- several SCOs -------------------------------------------------------------------------------
  function indexOf(sco) {
    for (var i = 0; i < scos.length; i += 1) if (scos[i].id === sco) return i;
    return -1;
  }

  function moveTo(sco) {
    var target = scos[indexOf(sco)];
    if (!target || sco === currentSco && api && !api.isTerminated()) return;
    finish();
    var request = new XMLHttpRequest();
    request.open("GET", config.cmiUrl.replace("SCO_ID", encodeURIComponent(sco)));
    request.responseType = "json";
    request.onload = function () {
      if (request.status !== 200 || !request.response) {
        showStatus("학습 내용을 불러오지 못했습니다. 차시 화면을 새로 고쳐 주세요.", "error");
        return;
      }
      start(sco, request.response, target.url);
    };
    request.send();
  }

  function step(offset) {
    var next = scos[indexOf(currentSco) + offset];
    if (next) moveTo(next.id);
  }

  function listenForNavigation(instance) {
    // scorm-again raises these when a terminating 2004 SCO left an adl.nav.request (no sequencing tree).
    instance.on("SequenceNext", function () { window.setTimeout(function () { step(1); }, 0); });
    instance.on("SequencePrevious", function () { window.setTimeout(function () { step(-1); }, 0); });
    instance.on("SequenceChoice SequenceJump", function (target) {
      window.setTimeout(function () { moveTo(target); }, 0);
    });
  }

  function markCurrent() {
    document.querySelectorAll("[data-sco-choice]").forEach(function (button) {
      if (button.dataset.scoChoice === currentSco) button.setAttribute("aria-current", "step");
      else button.removeAttribute("aria-current");
    });
    var position = indexOf(currentSco);
    var previous = document.querySelector("[data-sco-previous]");
    var next = document.querySelector("[data-sco-next]");
    if (previous) previous.disabled = position <= 0;
    if (next) next.disabled = position < 0 || position >= scos.length - 1;
  }

  document.querySelectorAll("[data-sco-choice]").forEach(function (button) {
    button.addEventListener("click", function () { moveTo(button.dataset.scoChoice); });
  });
  var previousButton = document.querySelector("[data-sco-previous]");
  var nextButton = document.querySelector("[data-sco-next]");
  if (previousButton) previousButton.addEventListener("click", function () { step(-1); });
  if (nextButton) nextButton.addEventListener("click", function () { step(1); });

  // ---------------------------------------------------------------------------------------------------
  window.addEventListener("pagehide", finish);
  frame.addEventListener("load", function () {
    if (status.dataset.state !== "saved" && status.dataset.state !== "error") {
      showStatus("학습 중입니다. 진행 상황은 자동으로 저장됩니다.", "running");
    }
  });
  start(config.sco, config.cmi, config.scoUrl);
})();
