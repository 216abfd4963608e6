/* Webtoon reader: records that the episode was read once the end of its last panel scrolls into view.
   The page's <div data-webtoon-reader data-read-url data-csrf-token> holds the panels and, after the
   last one, a [data-read-sentinel]; logged-out readers get no data-read-url and nothing is sent. */
(function () {
  "use strict";

  var reader = document.querySelector("[data-webtoon-reader]");
  if (!reader || !reader.dataset.readUrl) return;
  var sentinel = reader.querySelector("[data-read-sentinel]");
  var status = document.querySelector("[data-read-status]");
  var sent = false;

  function announce(message) {
    if (status) status.textContent = message;
  }

  function postRead() {
    if (sent) return;
    sent = true;
    fetch(reader.dataset.readUrl, {
      method: "POST",
      credentials: "same-origin",
      keepalive: true,
      headers: { "X-CSRFToken": reader.dataset.csrfToken, "X-Requested-With": "fetch" },
    })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        announce("이 회차를 끝까지 읽었습니다. 읽음으로 기록했습니다.");
        reader.dataset.readRecorded = "true";
      })
      .catch(function () {
        // Offline or a server hiccup: try again when the connection returns or the reader scrolls back.
        sent = false;
        window.addEventListener("online", postRead, { once: true });
      });
  }

  if (!("IntersectionObserver" in window)) {
    window.addEventListener("scroll", function onScroll() {
      if (sentinel.getBoundingClientRect().top <= window.innerHeight) {
        window.removeEventListener("scroll", onScroll);
        postRead();
      }
    }, { passive: true });
    return;
  }

  var observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) postRead();
    });
    if (reader.dataset.readRecorded === "true") observer.disconnect();
  });
  observer.observe(sentinel);
})();
