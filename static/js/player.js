/**
 * Video player for media_pipeline/player.html.
 *
 * Finds every `[data-video-player]` element, attaches its `<video>` to the HLS master playlist in
 * `data-src` (hls.js wherever Media Source Extensions exist; the browser's native HLS, e.g. on
 * older iPhones, where they do not), adds keyboard shortcuts and reports playback for learning records.
 *
 * Events dispatched on the <video> element (both bubble):
 *
 *   lms:ready    detail = {duration}          once, when the media's duration is known.
 *   lms:segment  detail = {start, end, rate}  a contiguous range (seconds of media time) that was
 *                actually played, with the playback rate used. Emitted on pause, seeking,
 *                ratechange and ended, and at least every 5 s while playing. A jump in
 *                currentTime (seek, stall recovery) closes the range; nothing skipped is reported.
 *
 * Usage by other scripts (e.g. heartbeat.js):
 *   video.addEventListener("lms:segment", (e) => send(e.detail.start, e.detail.end));
 */
(function () {
  "use strict";

  var EMIT_EVERY_MS = 5000;
  var SEEK_STEP = 5;
  // A jump larger than this between two timeupdates is not normal progression.
  var MAX_NATURAL_STEP = 2.5;

  function dispatch(video, name, detail) {
    video.dispatchEvent(new CustomEvent(name, { detail: detail, bubbles: true }));
  }

  function trackSegments(video) {
    var start = null;
    var last = 0;
    var rate = 1;
    var lastEmit = 0;

    function emit() {
      if (start !== null && last > start) {
        dispatch(video, "lms:segment", { start: start, end: last, rate: rate });
      }
      start = null;
      lastEmit = Date.now();
    }

    function open() {
      start = last = video.currentTime;
      rate = video.playbackRate;
      lastEmit = Date.now();
    }

    // True when currentTime moved on naturally since the last look; false after a jump.
    function advance() {
      var step = video.currentTime - last;
      if (step < 0 || step > MAX_NATURAL_STEP * Math.max(1, video.playbackRate)) return false;
      last = video.currentTime;
      return true;
    }

    function openIfClosed() {
      if (start === null && !video.seeking) open();
    }

    video.addEventListener("play", openIfClosed);
    video.addEventListener("playing", openIfClosed);
    video.addEventListener("timeupdate", function () {
      if (start === null || video.paused || video.seeking) return;
      if (!advance()) {
        emit();
        open();
        return;
      }
      if (Date.now() - lastEmit >= EMIT_EVERY_MS) {
        emit();
        open();
      }
    });
    video.addEventListener("pause", function () {
      if (start !== null && !video.seeking) advance();
      emit();
    });
    video.addEventListener("ended", function () {
      if (start !== null && video.duration - last <= MAX_NATURAL_STEP) last = video.duration;
      emit();
    });
    video.addEventListener("seeking", emit); // currentTime is already the target: nothing to add
    video.addEventListener("seeked", function () {
      if (!video.paused) openIfClosed();
    });
    video.addEventListener("ratechange", function () {
      var playing = start !== null;
      if (playing) advance();
      emit();
      if (playing && !video.paused) open();
    });
  }

  function announceReady(video) {
    var sent = false;
    function ready() {
      if (sent || !isFinite(video.duration) || video.duration <= 0) return;
      sent = true;
      dispatch(video, "lms:ready", { duration: video.duration });
    }
    video.addEventListener("loadedmetadata", ready);
    video.addEventListener("durationchange", ready);
    ready();
  }

  function addKeyboard(video) {
    video.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      var key = event.key;
      if (key === " " || key === "k" || key === "K") {
        if (video.paused) video.play();
        else video.pause();
      } else if (key === "ArrowLeft") {
        video.currentTime = Math.max(0, video.currentTime - SEEK_STEP);
      } else if (key === "ArrowRight") {
        video.currentTime = Math.min(video.duration || Infinity, video.currentTime + SEEK_STEP);
      } else if (key === "c" || key === "C") {
        var tracks = video.textTracks;
        if (!tracks.length) return;
        tracks[0].mode = tracks[0].mode === "showing" ? "hidden" : "showing";
      } else {
        return;
      }
      event.preventDefault();
      // Chromium's built-in controls also toggle playback on the space bar, from a listener of their
      // own that ignores preventDefault(): one press would start the video and pause it again. This
      // listener runs first (capture phase) and keeps the keys it handles from reaching that one.
      event.stopPropagation();
    }, true);
  }

  function showError(player, message) {
    var status = player.querySelector("[data-video-status]");
    if (status) status.textContent = message;
  }

  function attachSource(player, video, src) {
    // hls.js (Media Source Extensions, or ManagedMediaSource on iOS 17.1+) first: the same
    // bit-rate switching and error recovery everywhere, even where the browser also claims native
    // HLS (Chromium 14x+ answers "maybe"). Native HLS for browsers without MSE (older iPhones).
    var hlsSupported = window.Hls && window.Hls.isSupported();
    if (!hlsSupported && video.canPlayType("application/vnd.apple.mpegurl")) {
      video.src = src;
      return;
    }
    if (!hlsSupported) {
      showError(player, "이 브라우저에서는 동영상을 재생할 수 없습니다. 최신 브라우저로 열어 주세요.");
      return;
    }
    var hls = new window.Hls();
    var recoveries = 0;
    hls.on(window.Hls.Events.ERROR, function (_event, data) {
      if (!data.fatal) return;
      if (recoveries >= 3) {
        showError(player, "동영상을 불러오지 못했습니다. 잠시 후 새로 고침해 주세요.");
        hls.destroy();
        return;
      }
      recoveries += 1;
      if (data.type === window.Hls.ErrorTypes.MEDIA_ERROR) {
        hls.recoverMediaError();
      } else {
        // Signed segment URLs may have expired during a long pause: fetch fresh playlists.
        var position = video.currentTime;
        hls.loadSource(src);
        hls.once(window.Hls.Events.MANIFEST_PARSED, function () { video.currentTime = position; });
      }
    });
    hls.loadSource(src);
    hls.attachMedia(video);
    player.lmsHls = hls;
  }

  function init(player) {
    if (player.dataset.playerReady) return;
    player.dataset.playerReady = "true";
    var video = player.querySelector("video");
    if (!video) return;
    trackSegments(video);
    announceReady(video);
    addKeyboard(video);
    attachSource(player, video, player.dataset.src);
  }

  function initAll() {
    document.querySelectorAll("[data-video-player][data-src]").forEach(init);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", initAll);
  else initAll();
})();
