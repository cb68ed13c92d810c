/* The little the page needs from a script in place of the theme's Bootstrap bundle:
   the header's menus (<details>, which open without any script) close when the
   reader clicks elsewhere or presses Escape, and the "Back to top" button shows
   while the reader scrolls back up.

   The theme's script (pydata-sphinx-theme.js: colour scheme switch, search dialog,
   sidebars as dialogs on phones, contents that follow the reading, tab stops on
   scrollable blocks) is loaded at the reader's first click, key or mouse movement,
   not with the page: when it starts it measures every code block and output, which
   lays the whole page out (0.5-0.8 s of a slow phone on the longest chapters). A
   click or key meant for it before it is there is held and passed on once it is. */
(function () {
  "use strict";
  var lazy = document.getElementById("companion-theme-script");
  var THEME_CONTROLS = ".theme-switch-button, .search-button__button, .sidebar-toggle";
  var WAKING = ["click", "keydown", "mousemove", "focusin"];
  var held = [], started = false;
  function themeLoaded() {
    WAKING.forEach(function (type) { document.removeEventListener(type, wake, true); });
    held.forEach(function (replay) { replay(); });
    held = [];
  }
  function wake(event) {
    var control = event.type === "click" && event.target.closest && event.target.closest(THEME_CONTROLS);
    if (control) {
      event.preventDefault();
      event.stopImmediatePropagation();
      held.push(function () { control.click(); });
    } else if (event.type === "keydown" && (event.ctrlKey || event.metaKey) && event.key === "k") {
      event.preventDefault();       // the theme's shortcut for its search dialog, not the browser's
      var init = { key: event.key, code: event.code, ctrlKey: event.ctrlKey, metaKey: event.metaKey, bubbles: true };
      held.push(function () { document.dispatchEvent(new KeyboardEvent("keydown", init)); });
    }
    if (started) return;
    started = true;
    var script = document.createElement("script");
    script.src = lazy.getAttribute("data-src");
    script.onload = themeLoaded;
    document.body.appendChild(script);
  }
  if (lazy) {
    WAKING.forEach(function (type) { document.addEventListener(type, wake, true); });
    // Until the theme's script is there to measure which blocks scroll, every block
    // that can scroll (the theme's list) takes the keyboard focus, so that none is
    // out of a keyboard's reach; the theme then keeps the stop on those that do.
    document.querySelectorAll("pre, .cell_output > .output, .pst-scrollable-table-container")
      .forEach(function (block) { block.tabIndex = 0; });
  }

  var menus = document.querySelectorAll(".article-header-buttons details.dropdown");

  document.addEventListener("click", function (event) {
    menus.forEach(function (menu) {
      if (menu.open && !menu.contains(event.target)) menu.open = false;
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    menus.forEach(function (menu) {
      if (!menu.open) return;
      menu.open = false;
      menu.querySelector("summary").focus();
    });
  });

  var backToTop = document.getElementById("pst-back-to-top");
  if (!backToTop) return;
  // Positions are read only once the reader scrolls: reading them at load would
  // force the browser to lay the page out before it is ready to paint.
  var lastY = null, headerBottom = null;
  window.addEventListener("scroll", function () {
    if (headerBottom === null) {
      var header = document.querySelector(".bd-header");
      headerBottom = header ? header.getBoundingClientRect().bottom + window.scrollY : 0;
    }
    var y = window.scrollY;
    backToTop.style.display = lastY !== null && y < lastY && y > headerBottom ? "block" : "none";
    lastY = y;
  }, { passive: true });
  backToTop.addEventListener("click", function () { window.scrollTo(0, 0); });
})();
