/* The little the page needs from a script in place of the theme's Bootstrap bundle:
   the header's menus (<details>, which open without any script) close when the
   reader clicks elsewhere or presses Escape, and the "Back to top" button shows
   while the reader scrolls back up. Also: the article header's sidebar toggles
   (links, for readers without JavaScript) pass their clicks to the theme's own
   toggles, the only ones its scripts listen to. */
(function () {
  "use strict";
  ["primary", "secondary"].forEach(function (side) {
    var themeToggle = document.querySelector(".bd-header ." + side + "-toggle");
    var articleToggle = document.querySelector(".bd-header-article ." + side + "-toggle");
    if (!themeToggle || !articleToggle) return;
    articleToggle.addEventListener("click", function (event) {
      event.preventDefault();
      themeToggle.click();
    });
  });

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
