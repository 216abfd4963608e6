/*
 * A SCORM lesson page on the platform (templates/scorm/launch.html), around the player's frame.
 *
 * 전체 화면: the Fullscreen API on the frame's container; where the browser has none for an element
 * (iPhone Safari), a CSS mode that covers the viewport. Both show 닫기, and Escape leaves either.
 *
 * Live status: the player (on SCORM_CONTENT_ORIGIN) posts "scorm:committed" after each commit. Only a
 * message from that origin and from this frame's own window counts (the SCO is framed inside the player,
 * so its messages come from another window), and it carries nothing the page believes: the page reads
 * the lesson's status and the course's progress from its own server and puts them in place.
 */
(function () {
  "use strict";

  var viewport = document.querySelector("[data-scorm-viewport]");
  if (!viewport) return;
  var frame = viewport.querySelector("[data-scorm-frame]");
  var bar = viewport.querySelector("[data-scorm-bar]");
  var expand = document.querySelector("[data-scorm-expand]");
  var close = viewport.querySelector("[data-scorm-close]");
  var header = document.querySelector(".site-header");
  var root = document.documentElement;

  // ---- the frame fits the screen below the header ----------------------------------------------------
  function measureHeader() {
    root.style.setProperty("--site-header-height", (header ? header.offsetHeight : 0) + "px");
  }
  measureHeader();
  if (header && "ResizeObserver" in window) new ResizeObserver(measureHeader).observe(header);

  // ---- 전체 화면 --------------------------------------------------------------------------------------
  var nativeFullscreen = Boolean(document.fullscreenEnabled && viewport.requestFullscreen);

  // While the frame covers the screen, what it covers is out of reach of Tab and of screen readers.
  function setCoveredInert(inert) {
    for (var node = viewport; node.parentElement && node !== document.body; node = node.parentElement) {
      Array.prototype.forEach.call(node.parentElement.children, function (sibling) {
        if (sibling !== node) sibling.inert = inert;
      });
    }
  }

  function showExpanded(expanded) {
    bar.hidden = !expanded;
    setCoveredInert(expanded);
    root.classList.toggle("has-expanded-scorm", expanded && !nativeFullscreen);
    if (expanded) close.focus();
    else expand.focus();
  }

  function open() {
    if (nativeFullscreen) {
      viewport.requestFullscreen().catch(function () {
        nativeFullscreen = false;
        open();
      });
      return;
    }
    viewport.classList.add("is-expanded");
    showExpanded(true);
  }

  function leave() {
    if (document.fullscreenElement === viewport) {
      document.exitFullscreen();
      return;
    }
    viewport.classList.remove("is-expanded");
    showExpanded(false);
  }

  expand.hidden = false;
  expand.addEventListener("click", open);
  close.addEventListener("click", leave);
  var inFullscreen = false;
  document.addEventListener("fullscreenchange", function () {
    // Only our container's entering and leaving (a SCO's own video may go full screen too).
    if (inFullscreen === (document.fullscreenElement === viewport)) return;
    inFullscreen = !inFullscreen;
    showExpanded(inFullscreen);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && viewport.classList.contains("is-expanded")) leave();
  });

  // ---- live status ------------------------------------------------------------------------------------
  var statusUrl = viewport.dataset.lessonStatusUrl;
  var pending = null;

  function replace(element, html) {
    if (!element) return;
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    element.replaceWith(template.content);
  }

  function refreshStatus() {
    pending = null;
    fetch(statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (lesson) {
        if (!lesson) return;
        replace(document.querySelector("[data-lesson-status]"), lesson.status);
        var progress = document.getElementById("lesson-course-progress");
        replace(progress && progress.closest(".progress"), lesson.progress);
      })
      .catch(function () {}); // the next commit tries again; a reload always shows the truth
  }

  window.addEventListener("message", function (event) {
    if (event.origin !== viewport.dataset.scormOrigin || event.source !== frame.contentWindow) return;
    if (!event.data || event.data.type !== "scorm:committed") return;
    if (!document.querySelector("[data-lesson-status]")) return; // the player on its own page
    // Commits can come in bursts (a SCO's LMSCommit, then its LMSFinish): one read for them.
    if (pending === null) pending = window.setTimeout(refreshStatus, 250);
  });
})();
