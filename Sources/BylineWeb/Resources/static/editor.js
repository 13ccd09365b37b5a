// Autosave for the article form: a few seconds after typing stops, the fields go to the
// form's data-autosave address. Without this script nothing changes: the form posts as before.
(function () {
  "use strict";
  var form = document.querySelector("form.article-form[data-autosave]");
  if (!form || !window.fetch || !window.URLSearchParams || !window.FormData) return;
  var status = document.getElementById("autosave-status");
  var timer = null;
  var dirty = false;

  function show(text) { if (status) status.textContent = text; }

  function save() {
    if (!dirty) return;
    dirty = false;
    fetch(form.getAttribute("data-autosave"), {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      credentials: "same-origin"
    }).then(function (response) {
      if (response.ok) {
        show("자동 저장됨 " + new Date().toLocaleTimeString("ko-KR"));
      } else {
        dirty = true;
        show("자동 저장하지 못했습니다. 저장 버튼으로 저장하세요.");
      }
    }).catch(function () {
      dirty = true;
      show("자동 저장하지 못했습니다. 연결을 확인하세요.");
    });
  }

  form.addEventListener("input", function () {
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(save, 3000);
  });
  window.addEventListener("beforeunload", save);
})();
