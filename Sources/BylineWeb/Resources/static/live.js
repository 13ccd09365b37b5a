// Live coverage: places what /news/{id}/live sends into the page. The page is complete
// without it (a reload shows every entry); EventSource reconnects by itself, resuming
// after the last event it saw (Last-Event-ID).
(function () {
  "use strict";
  var list = document.querySelector(".live-entries[data-stream]");
  if (!list || !window.EventSource) return;
  var pinnedBox = document.querySelector(".live-pinned");
  var pinned = pinnedBox && pinnedBox.querySelector("ol");
  var source = new EventSource(list.getAttribute("data-stream"));

  function element(html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    return template.content.firstElementChild;
  }

  source.addEventListener("entry", function (event) {
    var data = JSON.parse(event.data);
    var item = element(data.html);
    var old = document.getElementById("live-" + data.id);
    if (old) old.replaceWith(item); else list.insertBefore(item, list.firstChild);
    if (!pinned) return;
    var copy = pinned.querySelector('[data-entry="' + data.id + '"]');
    if (data.pinned) {
      var key = element(data.html);
      key.removeAttribute("id");
      if (copy) copy.replaceWith(key); else pinned.insertBefore(key, pinned.firstChild);
    } else if (copy) {
      copy.remove();
    }
    pinnedBox.hidden = pinned.children.length === 0;
  });

  source.addEventListener("end", function (event) {
    var data = JSON.parse(event.data);
    var status = document.querySelector(".live-status");
    if (status) status.textContent = "중계 종료 · " + data.stamp;
    source.close();
  });
})();
