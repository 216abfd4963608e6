// Suggestions as you type for every search box with data-search-suggest (the header's and the search
// page's): the ARIA 1.2 combobox pattern with a listbox popup. Arrow keys move through the options,
// Enter opens the chosen page, Escape closes the list; without JavaScript the form still submits.
(function () {
  "use strict";
  var DELAY_MS = 200;
  var MIN_LENGTH = 1;

  function setUp(input) {
    var form = input.form;
    var list = document.getElementById(input.getAttribute("aria-controls"));
    var status = form.querySelector("[data-suggest-status]");
    var timer = null;
    var latest = 0;
    var active = -1;

    function options() {
      return list.querySelectorAll("[role=option]");
    }

    function close() {
      list.hidden = true;
      list.textContent = "";
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var items = options();
      if (!items.length) return;
      active = (index + items.length) % items.length;
      items.forEach(function (item, position) {
        item.setAttribute("aria-selected", position === active ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }

    function render(suggestions) {
      list.textContent = "";
      suggestions.forEach(function (suggestion, index) {
        var item = document.createElement("li");
        item.id = list.id + "-" + index;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.dataset.url = suggestion.url;
        var kind = document.createElement("span");
        kind.className = "suggest__kind";
        kind.textContent = suggestion.kind;
        var title = document.createElement("span");
        title.textContent = suggestion.title;
        item.append(kind, " ", title);
        item.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep focus in the input until the page changes
          window.location.assign(suggestion.url);
        });
        list.appendChild(item);
      });
      var open = suggestions.length > 0;
      list.hidden = !open;
      input.setAttribute("aria-expanded", open ? "true" : "false");
      active = -1;
      if (status) status.textContent = open ? "추천 " + suggestions.length + "건. 위아래 화살표로 고르세요." : "";
    }

    function fetchSuggestions() {
      var query = input.value.trim();
      if (query.length < MIN_LENGTH) {
        close();
        return;
      }
      var request = ++latest;
      fetch(input.dataset.searchSuggest + "?q=" + encodeURIComponent(query), {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then(function (response) {
          return response.ok ? response.json() : { suggestions: [] };
        })
        .then(function (data) {
          if (request === latest) render(data.suggestions || []);
        })
        .catch(close); // suggestions are a convenience: the form still searches
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, DELAY_MS);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) return;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        highlight(active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        window.location.assign(options()[active].dataset.url);
      } else if (event.key === "Escape") {
        event.preventDefault(); // the first Escape closes the list; only a second one clears the box
        close();
      }
    });
    input.addEventListener("blur", close);
  }

  document.querySelectorAll("input[data-search-suggest]").forEach(setUp);
})();
