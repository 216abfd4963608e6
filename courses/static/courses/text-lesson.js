// 읽기 차시: the server is told the page opened (its clock for the reading time starts: a GET never
// writes, so this POST does), and "읽었습니다" becomes available once the end of the text has been on
// screen. Without JavaScript the first confirmation starts the server's clock instead.
(function () {
  "use strict";
  var form = document.querySelector("[data-reading-form]");
  var end = document.querySelector("[data-reading-end]");
  if (!form) return;
  var opened = new FormData();
  opened.append("csrfmiddlewaretoken", form.querySelector("input[name=csrfmiddlewaretoken]").value);
  opened.append("action", "open");
  fetch(form.action, { method: "POST", body: opened, credentials: "same-origin" }).catch(function () {});
  if (!end || !("IntersectionObserver" in window)) return; // the checkbox fallback stays

  var check = form.querySelector("[data-reading-check]");
  var box = check.querySelector("input");
  var button = form.querySelector("[data-reading-button]");
  var hint = form.querySelector("[data-reading-hint]");
  var reached = document.createElement("input");
  reached.type = "hidden";
  reached.name = "reached_end";
  reached.value = "";
  form.appendChild(reached);
  box.disabled = true; // replaced by the hidden field, so it is not submitted
  check.hidden = true;
  hint.id = "reading-hint";
  hint.hidden = false;
  button.disabled = true;
  button.setAttribute("aria-describedby", hint.id);

  new IntersectionObserver(function (entries, observer) {
    if (!entries.some(function (entry) { return entry.isIntersecting; })) return;
    reached.value = "1";
    button.disabled = false;
    hint.textContent = "끝까지 읽으셨습니다. '읽었습니다'를 눌러 기록해 주세요.";
    observer.disconnect();
  }).observe(end);
})();
