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
 */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("scorm-player-config").textContent);
  var status = document.querySelector("[data-scorm-status]");
  var frame = document.querySelector("iframe[data-sco-frame]");
  var is2004 = config.version === "2004";
  var ApiClass = is2004 ? window.Scorm2004API : window.Scorm12API;

  function showStatus(text, state) {
    status.textContent = text;
    status.dataset.state = state;
  }

  var api = new ApiClass({
    lmsCommitUrl: config.commitUrl,
    dataCommitFormat: "flattened",
    autocommit: true,
    autocommitSeconds: 15,
    logLevel: 4,
    terminationCommitContentType: "application/x-www-form-urlencoded;charset=UTF-8",
    requestHandler: function (cmi, metadata) {
      return [
        "final=" + (metadata && metadata.isTerminateCommit ? "1" : "0"),
        "cmi=" + encodeURIComponent(JSON.stringify(cmi)),
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
        return { result: "true", errorCode: 0 };
      }
      showStatus(body.error || "학습 기록을 저장하지 못했습니다. 잠시 후 다시 시도해 주세요.", "error");
      return { result: "false", errorCode: 101 };
    },
  });
  api.loadFromFlattenedJSON(config.cmi, "");
  window[is2004 ? "API_1484_11" : "API"] = api;

  window.addEventListener("pagehide", function () {
    if (api.isInitialized() && !api.isTerminated()) {
      if (is2004) api.Terminate("");
      else api.LMSFinish("");
    }
  });

  frame.addEventListener("load", function () {
    if (status.dataset.state !== "saved" && status.dataset.state !== "error") {
      showStatus("학습 중입니다. 진행 상황은 자동으로 저장됩니다.", "running");
    }
  });
  frame.src = config.scoUrl;
})();
