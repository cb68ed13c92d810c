/* Charts arrive as SVG drawn at build time; this script makes one interactive
   (tooltips) when a reader hovers, focuses or taps it. Only then does the page
   load vega (companion-vega.js) and the chart's specification, so nothing is
   downloaded or run for readers who only read. */
(function () {
  "use strict";
  var bundle = null;
  var here = document.currentScript ? document.currentScript.src : "";
  var vegaUrl = here.replace(/companion-charts\.js.*$/, "companion-vega.js");

  function loadVega() {
    if (!bundle) {
      bundle = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = vegaUrl;
        s.onload = resolve;
        s.onerror = reject;
        document.head.appendChild(s);
      });
    }
    return bundle;
  }

  function pointAt(x, y) {
    var target = document.elementFromPoint(x, y);
    if (target) target.dispatchEvent(new PointerEvent("pointermove", { bubbles: true, clientX: x, clientY: y }));
  }

  function activate(chart, event) {
    if (chart.dataset.live) return;
    chart.dataset.live = "loading";
    var wokenAt = event.type === "pointerenter" ? event : event.type === "touchstart" ? event.touches[0] : null;
    var narrow = chart.querySelector(".chart-narrow");
    var variant = narrow && narrow.offsetParent !== null ? "narrow" : "wide";
    Promise.all([loadVega(), fetch(chart.dataset.spec).then(function (r) { return r.json(); })])
      .then(function (results) {
        var spec = results[1][variant];
        var shown = chart.querySelector(".chart-" + variant);
        var live = document.createElement("div");
        live.className = "chart-live chart-" + variant;
        return window.vegaEmbed(live, spec, { mode: "vega", renderer: "svg", actions: false }).then(function () {
          live.setAttribute("aria-hidden", "true");
          shown.replaceWith(live);
          chart.dataset.live = "yes";
          // A tap moves no pointer, and vega shows tooltips on pointer moves only:
          // each tap on the live chart shows the tooltip of the mark under the finger.
          live.addEventListener("pointerup", function (tap) {
            if (tap.pointerType !== "mouse") setTimeout(function () { pointAt(tap.clientX, tap.clientY); }, 0);
          });
          // The pointer or finger that woke the chart: its mark shows its tooltip at once.
          if (wokenAt) pointAt(wokenAt.clientX, wokenAt.clientY);
        });
      })
      .catch(function (error) {
        delete chart.dataset.live;
        console.warn("Chart stays static:", error);
      });
  }

  document.querySelectorAll(".companion-chart[data-spec]").forEach(function (chart) {
    ["pointerenter", "focusin", "touchstart"].forEach(function (type) {
      chart.addEventListener(type, function (event) { activate(chart, event); }, { once: true, passive: true });
    });
  });
})();
