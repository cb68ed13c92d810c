// pa11y (HTML_CodeSniffer, WCAG 2 AA) on pages, in Debian's chromium: no browser is downloaded.
// Usage: node tests/pa11y.cjs URL...   Prints {url: [errors]} as JSON; one browser for all pages.
const pa11y = require("pa11y");
const puppeteer = require("puppeteer");

(async () => {
  const browser = await puppeteer.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
                                           args: ["--no-sandbox", "--disable-gpu"] });
  const found = {};
  try {
    for (const url of process.argv.slice(2)) {
      const result = await pa11y(url, { browser, standard: "WCAG2AA", runners: ["htmlcs"], timeout: 120000 });
      found[url] = result.issues.filter((issue) => issue.type === "error")
        .map(({ code, message, selector, context }) => ({ code, message, selector, context }));
    }
  } finally {
    await browser.close();
  }
  console.log(JSON.stringify(found, null, 1));
})().catch((error) => { console.error(error); process.exit(2); });
