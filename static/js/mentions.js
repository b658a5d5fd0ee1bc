// @mentions: while someone types "@na" in a comment, list the people who may see the
// page (from the server) and put the chosen user name in the text. Without JavaScript a
// typed @username works the same.
(function () {
  "use strict";
  var WORD = /(?:^|\s)@([\w.+-]*)$/;

  function attach(area) {
    var url = area.getAttribute("data-mentions");
    var list = document.createElement("ul");
    list.className = "mention-list";
    list.id = area.id + "-personer";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", area.getAttribute("data-mentions-label") || "Personer");
    list.hidden = true;
    area.insertAdjacentElement("afterend", list);
    area.setAttribute("aria-controls", list.id);
    var timer = null;

    function close() { list.hidden = true; list.textContent = ""; }

    function choose(username) {
      var before = area.value.slice(0, area.selectionStart);
      var after = area.value.slice(area.selectionStart);
      var replaced = before.replace(/@([\w.+-]*)$/, "@" + username + " ");
      area.value = replaced + after;
      area.focus();
      area.selectionStart = area.selectionEnd = replaced.length;
      close();
    }

    function show(people) {
      list.textContent = "";
      people.forEach(function (person) {
        var item = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "button-small";
        button.textContent = person.name + " (@" + person.username + ")";
        button.addEventListener("click", function () { choose(person.username); });
        item.appendChild(button);
        list.appendChild(item);
      });
      list.hidden = people.length === 0;
    }

    area.addEventListener("input", function () {
      var match = WORD.exec(area.value.slice(0, area.selectionStart));
      clearTimeout(timer);
      if (!match) { close(); return; }
      timer = setTimeout(function () {
        fetch(url + "?q=" + encodeURIComponent(match[1]), { credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.json() : { people: [] }; })
          .then(function (data) { show(data.people || []); })
          .catch(close);
      }, 200);
    });
    area.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { close(); }
    });
  }

  document.querySelectorAll("textarea[data-mentions]").forEach(attach);
})();
