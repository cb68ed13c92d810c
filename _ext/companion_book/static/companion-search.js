/* Search result snippets for the companion (loaded by _templates/search.html only).
 *
 * Sphinx's searchtools.js shows, under each result, 240 characters of the
 * result page's text around the first match. Two of its steps are properties of
 * its Search object, replaced here:
 *  - Search.htmlToText: the text a reader sees, in reading order: no source
 *    of notebook cells (folded away on the page), no chart drawings (a chart
 *    counts as its description), and a space between table cells, list items
 *    and paragraphs, which textContent would glue together ("C081drone-power").
 *  - Search.makeSearchSummary: finds the match through companionFold (defined
 *    with the stemmer in language_data.js), so that "Kinik" centres and marks
 *    the snippet on "Kınık" as the index found it there; in the prose first,
 *    in a literal block (a citation entry, a calculation line) only if not.
 */
"use strict";
(() => {
  if (typeof Search === "undefined" || typeof companionFold === "undefined") return;

  // Not text of the page: permalinks, scripts, controls, notebook code and the
  // "Show code cell source" toggles around it.
  const NOT_READ = [".headerlink", "script", "style", "template", "noscript", "button",
                    ".cell_input", "details.hide > summary", ".copybtn"];
  // Elements that end a run of text: textContent alone runs their texts together.
  const BLOCKS = "p, li, dt, dd, th, td, caption, figcaption, summary, pre, blockquote, tr, " +
                 "h1, h2, h3, h4, h5, h6, div, section, table";
  const CONTEXT = 120;   // characters either side of the match, as in Sphinx

  // The text a reader sees in root; without its literal blocks (the citation
  // formats, calculation lines) when withLiteral is false.
  const readerText = (root, withLiteral) => {
    root.querySelectorAll(NOT_READ.join(", ")).forEach((el) => el.remove());
    if (!withLiteral) root.querySelectorAll("pre").forEach((el) => el.remove());
    root.querySelectorAll(".companion-chart").forEach((chart) => {
      chart.replaceWith(" " + (chart.getAttribute("aria-label") || "") + " ");
    });
    root.querySelectorAll(BLOCKS).forEach((el) => el.append(" "));
    return root.textContent.replace(/\s+/g, " ").trim();
  };

  const pageText = (htmlString, anchor, withLiteral) => {
    const doc = new DOMParser().parseFromString(htmlString, "text/html");
    // The article, not the page's table of contents or the previous/next links
    // that share [role=main] with it in this theme.
    const main = doc.querySelector("article.bd-article") || doc.querySelector('[role="main"]');
    if (!main) return "";
    // The anchor ("#section-id") of a result that matched a section title.
    const part = anchor ? doc.getElementById(anchor.slice(1)) : null;
    return readerText(part || main, withLiteral);
  };

  Search.htmlToText = (htmlString, anchor) => pageText(htmlString, anchor, true);

  // The folded text, and for each of its characters the index of the original
  // character it came from, so that a match in the folded text maps back.
  const foldWithOrigins = (text) => {
    let folded = "";
    const origins = [];
    let index = 0;
    for (const character of text) {
      const f = companionFold(character);
      for (let k = 0; k < f.length; k++) origins.push(index);
      folded += f;
      index += character.length;
    }
    origins.push(index);
    return [folded, origins];
  };

  const isWordCharacter = (c) => /[\p{L}\p{N}]/u.test(c);

  // [start, end) ranges of the text where a keyword begins, extended to the end
  // of its word (keywords are stems: "timelin" marks "timeline").
  const matches = (text, keywords) => {
    const [folded, origins] = foldWithOrigins(text);
    const ranges = [];
    for (const keyword of keywords) {
      for (let at = folded.indexOf(keyword); at > -1; at = folded.indexOf(keyword, at + 1)) {
        let end = origins[at + keyword.length];
        while (end < text.length && isWordCharacter(text[end])) end++;
        ranges.push([origins[at], end]);
      }
    }
    return ranges.sort((a, b) => a[0] - b[0]);
  };

  Search.makeSearchSummary = (htmlText, keywords, anchor) => {
    const folded = [...keywords].map(companionFold).filter((k) => k.length > 0);
    // The match in the prose if there is one there; a literal block (such as
    // a page's BibTeX entry, which names the article's authors) only if not.
    let text = pageText(htmlText, anchor, false);
    let all = matches(text, folded);
    if (!all.length) {
      text = Search.htmlToText(htmlText, anchor);
      all = matches(text, folded);
    }
    if (text === "") return null;
    const centre = all.length ? all[0][0] : 0;
    let start = Math.max(centre - CONTEXT, 0);
    let end = Math.min(centre + CONTEXT, text.length);
    // Whole words at both ends.
    while (start > 0 && isWordCharacter(text[start - 1])) start--;
    while (end < text.length && isWordCharacter(text[end])) end++;

    const summary = document.createElement("p");
    summary.classList.add("context");
    if (start > 0) summary.append("… ");
    let at = start;
    for (const [from, to] of all) {
      if (from < at || to > end) continue;
      summary.append(text.slice(at, from));
      const mark = summary.appendChild(document.createElement("span"));
      mark.classList.add("highlighted");   // Sphinx's class for a search term
      mark.textContent = text.slice(from, to);
      at = to;
    }
    summary.append(text.slice(at, end));
    if (end < text.length) summary.append(" …");
    return summary;
  };

  // An empty search page puts the cursor in its field; after a search the
  // results come first (a phone would otherwise cover them with its keyboard).
  const field = document.getElementById("companion-search-q");
  if (field && !new URLSearchParams(window.location.search).get("q")) field.focus();
})();
