// The theme a reader chose on an article page (remembered on this device; otherwise the
// system's setting, which the stylesheet follows by itself), and the article page's reader
// tools: text size (three steps, remembered), print, copy link, share (the Web Share API
// where the browser has it, else a copy) and the theme switch. Without JavaScript the
// buttons stay hidden, keeping their place so nothing moves when they appear; the print
// stylesheet, the system's dark setting, the browser's zoom and its address bar remain.
(function () {
  "use strict";
  var root = document.documentElement;
  var themeKey = "byline.theme";
  var chosen = null;
  try { chosen = localStorage.getItem(themeKey); } catch (e) { chosen = null; }
  if (chosen === "dark" || chosen === "light") root.setAttribute("data-theme", chosen);

  var tools = document.querySelector(".reader-tools");
  if (!tools) return;
  var status = tools.querySelector(".reader-tools-status");
  var sizes = ["작게", "보통", "크게"];
  var key = "byline.textSize";
  var size = 1;
  try { size = Math.min(2, Math.max(0, parseInt(localStorage.getItem(key) || "1", 10) || 0)); } catch (e) { size = 1; }

  function say(text) {
    // Emptied first, so that saying the same thing twice is announced twice.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function applySize(announce) {
    root.classList.remove("text-size-0", "text-size-2");
    if (size !== 1) root.classList.add("text-size-" + size);
    tools.querySelector("[data-tool=smaller]").disabled = size === 0;
    tools.querySelector("[data-tool=larger]").disabled = size === 2;
    try { localStorage.setItem(key, String(size)); } catch (e) { /* private browsing: not remembered */ }
    if (announce) say("글자 크기: " + sizes[size]);
  }

  function copy(url) {
    function done() { say("기사 주소를 복사했습니다."); }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(done, function () { fallback(url, done); });
    } else {
      fallback(url, done);
    }
  }

  function fallback(url, done) {
    var field = document.createElement("textarea");
    field.value = url;
    field.setAttribute("readonly", "");
    field.className = "visually-hidden";
    document.body.appendChild(field);
    field.select();
    var copied = false;
    try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
    document.body.removeChild(field);
    if (copied) done(); else say("복사하지 못했습니다. 주소창의 주소를 복사해 주세요: " + url);
  }

  var dark = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  function isDark() {
    var theme = root.getAttribute("data-theme");
    return theme ? theme === "dark" : !!(dark && dark.matches);
  }
  function showTheme() {
    tools.querySelector("[data-tool=theme]").setAttribute("aria-pressed", isDark() ? "true" : "false");
  }

  tools.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-tool]");
    if (!button) return;
    var url = tools.getAttribute("data-url");
    switch (button.getAttribute("data-tool")) {
      case "smaller": if (size > 0) { size -= 1; applySize(true); } break;
      case "larger": if (size < 2) { size += 1; applySize(true); } break;
      case "print": window.print(); break;
      case "theme":
        var next = isDark() ? "light" : "dark";
        root.setAttribute("data-theme", next);
        try { localStorage.setItem(themeKey, next); } catch (e) { /* not remembered */ }
        showTheme();
        say(next === "dark" ? "어두운 화면으로 바꿨습니다." : "밝은 화면으로 바꿨습니다.");
        break;
      case "copy": copy(url); break;
      case "share":
        if (navigator.share) {
          navigator.share({ title: tools.getAttribute("data-title"), url: url }).catch(function () { /* dismissed */ });
        } else {
          copy(url);
        }
        break;
    }
  });

  applySize(false);
  showTheme();
  root.classList.add("reader-tools-ready");
})();
