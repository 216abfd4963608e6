/*
 * The demo SCO (SCORM 1.2). It bookmarks the page in cmi.core.lesson_location, keeps visited pages
 * and quiz answers in cmi.suspend_data (JSON), and reports the quiz as cmi.core.score.raw with
 * lesson_status passed (60 points or more) or failed.
 */
(function () {
  "use strict";
  var PAGES = 5;
  var PASSING_SCORE = 60;
  var ANSWERS = { q1: "x", q2: "b", q3: "o" };

  function findAPI(win) {
    for (var depth = 0; win && depth < 10; depth += 1) {
      try {
        if (win.API) return win.API;
      } catch (error) {
        return null; // a cross-origin ancestor: stop looking
      }
      if (win.parent === win) break;
      win = win.parent;
    }
    return null;
  }

  var api = findAPI(window);
  var state = { visited: [], answers: {} };
  var current = 1;
  var finished = false;

  function get(name) {
    return api ? api.LMSGetValue(name) : "";
  }
  function set(name, value) {
    if (api) api.LMSSetValue(name, String(value));
  }
  function save() {
    set("cmi.core.lesson_location", String(current));
    set("cmi.suspend_data", JSON.stringify(state));
    if (api) api.LMSCommit("");
  }

  function show(page) {
    current = Math.min(Math.max(page, 1), PAGES);
    document.querySelectorAll(".sco__page").forEach(function (section) {
      section.hidden = Number(section.dataset.page) !== current;
    });
    if (state.visited.indexOf(current) === -1) state.visited.push(current);
    document.getElementById("progress").textContent = current + " / " + PAGES + "쪽";
    document.getElementById("prev").disabled = current === 1;
    document.getElementById("next").disabled = current === PAGES;
    save();
  }

  function restoreAnswers() {
    Object.keys(state.answers).forEach(function (name) {
      var input = document.querySelector('input[name="' + name + '"][value="' + state.answers[name] + '"]');
      if (input) input.checked = true;
    });
  }

  function grade(event) {
    event.preventDefault();
    var form = event.target;
    var correct = 0;
    Object.keys(ANSWERS).forEach(function (name) {
      var chosen = form.querySelector('input[name="' + name + '"]:checked');
      state.answers[name] = chosen ? chosen.value : "";
      if (chosen && chosen.value === ANSWERS[name]) correct += 1;
    });
    var score = Math.round((correct / Object.keys(ANSWERS).length) * 100);
    var passed = score >= PASSING_SCORE;
    set("cmi.core.score.min", "0");
    set("cmi.core.score.max", "100");
    set("cmi.core.score.raw", score);
    set("cmi.core.lesson_status", passed ? "passed" : "failed");
    document.getElementById("result").textContent = passed
      ? "점수 " + score + "점으로 통과했습니다. 이 차시를 마쳤습니다."
      : "점수 " + score + "점입니다. " + PASSING_SCORE + "점 이상이면 통과합니다. 다시 풀어 보세요.";
    save();
  }

  function finish() {
    if (finished || !api) return;
    finished = true;
    set("cmi.core.exit", "suspend");
    save();
    api.LMSFinish("");
  }

  if (api) {
    api.LMSInitialize("");
    if (get("cmi.core.lesson_status") === "not attempted" || get("cmi.core.lesson_status") === "") {
      set("cmi.core.lesson_status", "incomplete");
    }
    try {
      state = JSON.parse(get("cmi.suspend_data") || "{}");
    } catch (error) {
      state = {};
    }
    state.visited = state.visited || [];
    state.answers = state.answers || {};
  }
  restoreAnswers();
  document.getElementById("prev").addEventListener("click", function () { show(current - 1); });
  document.getElementById("next").addEventListener("click", function () { show(current + 1); });
  document.getElementById("quiz").addEventListener("submit", grade);
  window.addEventListener("pagehide", finish);
  show(Number(get("cmi.core.lesson_location")) || 1);
})();
