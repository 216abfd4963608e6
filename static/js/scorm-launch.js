/*
 * SCORM player on a lesson page.
 *
 * The package runs in <iframe sandbox> without allow-same-origin: an opaque origin that can reach
 * neither this page's DOM nor the learner's cookies. The real scorm-again API lives here; the SCO
 * talks to it through postMessage (scorm-again's CrossFrameLMS here, CrossFrameAPI injected into
 * each package HTML file by the server). Commits go to the server with Django's CSRF token in the
 * form body, so the final commit can leave by navigator.sendBeacon when the tab closes. Every commit
 * also carries the launch token the server issued with this page: the server measures the learning
 * time from it and refuses commits without one.
 */
(function () {
  "use strict";

  function formPairs(config, cmi, metadata) {
    return [
      "csrfmiddlewaretoken=" + encodeURIComponent(config.csrfToken),
      "launch=" + encodeURIComponent(config.launchToken),
      "final=" + (metadata && metadata.isTerminateCommit ? "1" : "0"),
      "cmi=" + encodeURIComponent(JSON.stringify(cmi)),
    ];
  }

  function showStatus(element, text, state) {
    element.textContent = text;
    element.dataset.state = state;
  }

  function launch(frame) {
    var container = frame.closest(".scorm-launch");
    var status = container.querySelector("[data-scorm-status]");
    var config = JSON.parse(document.getElementById(frame.dataset.configId).textContent);
    var is2004 = config.version === "2004";
    var ApiClass = is2004 ? window.Scorm2004API : window.Scorm12API;

    var api = new ApiClass({
      lmsCommitUrl: config.commitUrl,
      dataCommitFormat: "flattened",
      autocommit: true,
      autocommitSeconds: 15,
      logLevel: 4,
      terminationCommitContentType: "application/x-www-form-urlencoded;charset=UTF-8",
      requestHandler: function (cmi, metadata) {
        return formPairs(config, cmi, metadata);
      },
      xhrResponseHandler: function (xhr) {
        var body = {};
        try {
          body = JSON.parse(xhr.responseText);
        } catch (error) {
          body = {};
        }
        if (xhr.status >= 200 && xhr.status < 300) {
          showStatus(status, "학습 기록을 저장했습니다. (" + new Date().toLocaleTimeString("ko-KR") + ")", "saved");
          return { result: "true", errorCode: 0 };
        }
        showStatus(status, body.error || "학습 기록을 저장하지 못했습니다. 잠시 후 다시 시도해 주세요.", "error");
        return { result: "false", errorCode: 101 };
      },
    });
    api.loadFromFlattenedJSON(config.cmi, "");

    // Only frames inside our iframe may drive the API. Their origin is opaque ("null"), so replies
    // must use "*" as target origin; they go to the asking window only.
    function fromPackage(source) {
      for (var win = source; win; win = win.parent) {
        if (win === frame.contentWindow) return true;
        if (win === win.parent) return false;
      }
      return false;
    }
    class PackageFrameLMS extends window.CrossFrameLMS {
      _onMessage(event) {
        if (fromPackage(event.source)) super._onMessage(event);
      }
    }
    new PackageFrameLMS(api, "*");

    // Closing the tab or leaving the page ends the session; scorm-again sends the terminate commit
    // with sendBeacon, which the browser delivers after the page is gone.
    window.addEventListener("pagehide", function () {
      if (api.isInitialized() && !api.isTerminated()) {
        if (is2004) api.Terminate("");
        else api.LMSFinish("");
      }
    });

    frame.addEventListener("load", function () {
      if (status.dataset.state !== "saved" && status.dataset.state !== "error") {
        showStatus(status, "학습 중입니다. 진행 상황은 자동으로 저장됩니다.", "running");
      }
    });
    frame.src = config.contentUrl;
  }

  document.querySelectorAll("iframe[data-scorm-frame]").forEach(launch);
})();
