/**
 * Heartbeat: reports what a learner actually watched to the learning records (lms/records).
 *
 * For every `[data-video-player][data-heartbeat-url]` (see media_pipeline/player.html):
 *
 * - Collects the `lms:segment` ranges that player.js dispatches on the <video> ({start, end, rate})
 *   and posts them every BEAT_EVERY_MS as one beat:
 *     POST data-heartbeat-url  {event_id, intervals: [[start, end], ...], rate, position, duration}
 *   A first beat with no ranges goes out when playback starts, so the server's clock starts then
 *   (the server never credits more than the time that passed between beats).
 * - Every beat gets a random event id (crypto.randomUUID) and is written to a localStorage queue
 *   BEFORE it is sent; it leaves the queue only when the server has answered it. Offline, on a
 *   server error or when rate-limited (429) the queue is kept and retried every RETRY_EVERY_MS,
 *   on the `online` event and on the next page load. Re-sending is harmless: the server stores an
 *   event id once.
 * - On `pause` and `ended` the pending ranges are sent at once, so a video watched to its end is
 *   credited without waiting for the next periodic beat.
 * - On `pagehide` and when the tab is hidden, the pending ranges are queued and the queue is sent
 *   with `fetch(..., {keepalive: true})`. Chosen over `navigator.sendBeacon` because keepalive
 *   requests can carry the X-CSRFToken header, so the endpoint keeps Django's standard CSRF check
 *   with no exception for beacons. If the tab dies before the answer, the beat is still in the
 *   queue and is re-sent next time.
 * - Segments played faster than 2× (or slower than 0.25×) are not reported — the server would
 *   refuse the whole beat — and the learner is told that such playback does not count.
 * - If `data-resume-position` is more than RESUME_MIN_SECONDS, offers "이어서 보기 (mm:ss)" and
 *   "처음부터" buttons above the video.
 * - After each answer, dispatches `lms:progress` on the player element with
 *   detail = {verified_percent, completed}, and announces completion in `[data-video-status]`.
 * - With the server's beat queue on, an answer says `queued: true` and reports the progress stored
 *   before that beat. When such an answer comes after the video has ended and is not yet complete,
 *   the player asks `data-progress-url` once the beat has had time to be stored (PROGRESS_CHECK_MS)
 *   and announces completion from there.
 * - An answer may carry a `beat_token` (lms/records/beat_tokens.py): it is kept in memory, never in
 *   the queue, and sent with the page's later beats as X-Beat-Token, which spares the server the
 *   session and user reads. A beat without one (or with an expired one) is checked in full.
 */
(function () {
  "use strict";

  var BEAT_EVERY_MS = 15000;
  var RETRY_EVERY_MS = 20000;
  var RESUME_MIN_SECONDS = 5;
  var PROGRESS_CHECK_MS = 2000; // the beat queue's writers store a beat within about a second
  var QUEUE_KEY = "lms:heartbeat-queue";
  var MAX_QUEUED_BEATS = 500; // about two hours of viewing
  var MAX_INTERVALS_PER_BEAT = 50; // the server's limit
  var MIN_RATE = 0.25;
  var MAX_RATE = 2;
  // Answers after which a beat must not be sent again: stored, or refused for good. A 403 from
  // the CSRF check (header X-CSRF-Failure, or a proxy's HTML page) is retried: the session may come
  // back after a new login.
  function isFinal(response) {
    if (response.status === 403) {
      if (response.headers.get("X-CSRF-Failure")) return false;
      return (response.headers.get("Content-Type") || "").indexOf("json") !== -1;
    }
    return response.ok || response.status === 400 || response.status === 404 || response.status === 405;
  }

  function newEventId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function formatTime(seconds) {
    seconds = Math.floor(seconds);
    var h = Math.floor(seconds / 3600);
    var m = Math.floor((seconds % 3600) / 60);
    var s = seconds % 60;
    var mmss = (h ? String(m).padStart(2, "0") : String(m)) + ":" + String(s).padStart(2, "0");
    return h ? h + ":" + mmss : mmss;
  }

  /* ---- the queue, shared by every tab of the site through localStorage ---- */

  function readQueue() {
    try {
      var queue = JSON.parse(localStorage.getItem(QUEUE_KEY) || "[]");
      return Array.isArray(queue) ? queue : [];
    } catch (error) {
      return [];
    }
  }

  function writeQueue(queue) {
    try {
      localStorage.setItem(QUEUE_KEY, JSON.stringify(queue.slice(-MAX_QUEUED_BEATS)));
    } catch (error) {
      // Storage full or disabled (private mode): beats are still sent, just not kept for later.
    }
  }

  function enqueue(url, body) {
    var queue = readQueue();
    queue.push({ url: url, body: body });
    writeQueue(queue);
  }

  function forget(eventId) {
    writeQueue(readQueue().filter(function (item) { return item.body.event_id !== eventId; }));
  }

  var beatTokens = {}; // heartbeat URL -> the latest beat token the server gave for it

  function post(item, keepalive) {
    var headers = { "Content-Type": "application/json", "X-CSRFToken": csrfToken() };
    if (beatTokens[item.url]) headers["X-Beat-Token"] = beatTokens[item.url];
    return fetch(item.url, {
      method: "POST",
      credentials: "same-origin",
      keepalive: !!keepalive,
      headers: headers,
      body: JSON.stringify(item.body),
    });
  }

  /** Read a stored beat's answer: keep its token, tell the page's player. */
  function answered(url, response) {
    if (!response.ok) return;
    response.json().then(function (result) {
      if (result.beat_token) beatTokens[url] = result.beat_token;
      if (players[url]) players[url].answered(result);
    }).catch(function () {});
  }

  var flushing = false;

  /** Send queued beats oldest first; stop at the first one that must be retried later. */
  function flush() {
    if (flushing) return;
    flushing = true;
    function next() {
      var item = readQueue()[0];
      if (!item) { flushing = false; return; }
      post(item, false).then(function (response) {
        if (!isFinal(response)) throw new Error("retry later");
        forget(item.body.event_id);
        answered(item.url, response);
        next();
      }).catch(function () {
        flushing = false;
      });
    }
    next();
  }

  /** The tab is going away: hand everything to the browser, which finishes the requests for us. */
  function flushOnExit() {
    readQueue().forEach(function (item) {
      post(item, true).then(function (response) {
        if (isFinal(response)) forget(item.body.event_id);
      }).catch(function () {});
    });
  }

  /* ---- one tracked player ---- */

  var players = {};

  function TrackedPlayer(element) {
    this.element = element;
    this.url = element.dataset.heartbeatUrl;
    this.video = element.querySelector("video");
    this.status = element.querySelector("[data-video-status]");
    this.pending = [];
    this.rate = 1;
    this.started = false;
    this.completed = false;
    this.ended = false;
    players[this.url] = this;

    var self = this;
    this.video.addEventListener("lms:segment", function (event) { self.addSegment(event.detail); });
    this.video.addEventListener("playing", function () { self.ended = false; self.start(); });
    this.video.addEventListener("ended", function () { self.ended = true; });
    // When playback stops, send what was watched at once: a short video that ends (or a learner who
    // pauses and moves on) is credited and told so without waiting for the next periodic beat.
    // player.js reports the last range from its own pause/ended listener; the timeout lets that
    // range reach `pending` first, whichever listener runs first.
    ["pause", "ended"].forEach(function (name) {
      self.video.addEventListener(name, function () {
        setTimeout(function () { self.beat(); flush(); }, 0);
      });
    });
    setInterval(function () { self.beat(); flush(); }, BEAT_EVERY_MS);
    this.offerResume(parseFloat(element.dataset.resumePosition || "0"));
  }

  TrackedPlayer.prototype.say = function (message) {
    if (this.status) this.status.textContent = message;
  };

  TrackedPlayer.prototype.start = function () {
    if (this.started) return;
    this.started = true;
    this.queueBeat([]);
    flush();
  };

  TrackedPlayer.prototype.addSegment = function (segment) {
    if (!(segment && isFinite(segment.start) && isFinite(segment.end) && segment.end > segment.start)) return;
    if (!(segment.rate >= MIN_RATE && segment.rate <= MAX_RATE)) {
      this.say("0.25배보다 느리거나 2배보다 빠르게 재생한 구간은 학습 시간으로 인정되지 않습니다.");
      return;
    }
    this.start();
    this.pending.push([Math.max(0, segment.start), segment.end]);
    this.rate = Math.max(this.rate, segment.rate);
    if (this.pending.length >= MAX_INTERVALS_PER_BEAT) this.beat();
  };

  TrackedPlayer.prototype.queueBeat = function (intervals) {
    var duration = this.video.duration;
    var body = {
      event_id: newEventId(),
      intervals: intervals,
      rate: this.rate,
      position: Math.max(0, this.video.currentTime || 0),
    };
    if (isFinite(duration) && duration > 0) body.duration = duration;
    enqueue(this.url, body);
  };

  /** Move the ranges played since the last beat into the queue. */
  TrackedPlayer.prototype.beat = function () {
    if (!this.pending.length) return;
    this.queueBeat(this.pending.splice(0, MAX_INTERVALS_PER_BEAT));
    this.rate = this.video.playbackRate >= MIN_RATE && this.video.playbackRate <= MAX_RATE ? this.video.playbackRate : 1;
  };

  TrackedPlayer.prototype.answered = function (result) {
    this.element.dispatchEvent(new CustomEvent("lms:progress", { detail: result, bubbles: true }));
    if (result.completed && !this.completed) {
      this.completed = true;
      this.say("시청 완료로 기록되었습니다.");
    }
    if (result.queued && !this.completed && this.ended) this.checkProgressSoon();
  };

  /** Ask for the stored progress once the last queued beat has had time to be stored. */
  TrackedPlayer.prototype.checkProgressSoon = function () {
    var self = this;
    var url = this.element.dataset.progressUrl;
    if (!url || this.progressCheck) return;
    this.progressCheck = setTimeout(function () {
      self.progressCheck = null;
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (response) {
        return response.ok ? response.json() : null;
      }).then(function (result) {
        if (result) self.answered(result);
      }).catch(function () {});
    }, PROGRESS_CHECK_MS);
  };

  TrackedPlayer.prototype.offerResume = function (position) {
    if (!(position > RESUME_MIN_SECONDS)) return;
    var video = this.video;
    var box = document.createElement("div");
    box.className = "video-resume";
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", "이어서 보기 선택");
    var note = document.createElement("p");
    note.className = "video-resume__note";
    note.textContent = "지난번에 " + formatTime(position) + "까지 보셨습니다.";
    var resume = document.createElement("button");
    resume.type = "button";
    resume.className = "button video-resume__continue";
    resume.textContent = "이어서 보기 (" + formatTime(position) + ")";
    var restart = document.createElement("button");
    restart.type = "button";
    restart.className = "button button--ghost video-resume__restart";
    restart.textContent = "처음부터";
    box.appendChild(note);
    box.appendChild(resume);
    box.appendChild(restart);
    video.parentNode.insertBefore(box, video);

    function playFrom(seconds) {
      function seekAndPlay() {
        video.currentTime = seconds;
        var playing = video.play();
        if (playing && playing.catch) playing.catch(function () {});
      }
      if (video.readyState >= 1) seekAndPlay();
      else video.addEventListener("loadedmetadata", seekAndPlay, { once: true });
      box.remove();
      video.focus();
    }
    resume.addEventListener("click", function () { playFrom(position); });
    restart.addEventListener("click", function () { playFrom(0); });
  };

  function leaving() {
    Object.keys(players).forEach(function (url) { players[url].beat(); });
    flushOnExit();
  }

  function init() {
    document.querySelectorAll("[data-video-player][data-heartbeat-url]").forEach(function (element) {
      if (element.dataset.heartbeatReady || !element.querySelector("video")) return;
      element.dataset.heartbeatReady = "true";
      new TrackedPlayer(element);
    });
    window.addEventListener("pagehide", leaving);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") leaving();
    });
    window.addEventListener("online", flush);
    setInterval(flush, RETRY_EVERY_MS);
    flush(); // beats left over from an earlier visit
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
