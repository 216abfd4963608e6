/*
 * Runs inside every HTML file of a SCORM package (the server injects it). The file lives in an
 * opaque-origin sandbox and cannot reach window.parent.API, so it gets scorm-again's CrossFrameAPI,
 * which forwards every call to the lesson page by postMessage.
 *
 * CrossFrameAPI answers GetValue from a cache it fills asynchronously; a SCO that reads its
 * bookmark right after LMSInitialize would see "". The server therefore hands over the learner's
 * saved CMI values (data-cmi) and they go into the cache before the SCO's own scripts run.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var api = new window.CrossFrameAPI(window.location.origin, window.top);
  var saved = JSON.parse(script.getAttribute("data-cmi") || "{}");
  Object.keys(saved).forEach(function (key) {
    if (typeof saved[key] === "string") api._cache.set(key, saved[key]);
  });
  window.API = api;
  window.API_1484_11 = api;
})();
