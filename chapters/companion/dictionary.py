"""The data dictionary: what the descriptor says about a resource, as a reader reads it."""
from __future__ import annotations

import pandas as pd

from . import data, markup


def _constraints(field: dict) -> str:
    c, out = field.get("constraints", {}), []
    out += [word for word in ("required", "unique") if c.get(word)]
    if "enum" in c:
        out.append("one of: " + ", ".join(map(str, c["enum"])))
    out += [f"{label} {c[key]}" for key, label in (("minimum", "min"), ("maximum", "max"), ("maxLength", "max length"))
            if key in c]
    if "pattern" in c:
        out.append(f"pattern {c['pattern']}")
    return "; ".join(out)


def fields_table(name: str) -> pd.DataFrame:
    """One row per field: name, title, type, description (with units) and constraints."""
    return pd.DataFrame([{"Field": f["name"], "Title": f["title"], "Type": f.get("type", "string"),
                          "Description (units)": f.get("description", ""), "Constraints": _constraints(f)}
                         for f in data.resource(name)["schema"]["fields"]])


def summary(name: str, rows: int) -> str:
    """The resource's heading (with the anchor figures in the prose link to) and its facts, as Markdown
    (MyST in the book)."""
    r = data.resource(name)
    schema = r["schema"]
    primary = schema.get("primaryKey", [])
    primary = [primary] if isinstance(primary, str) else primary
    foreign = "; ".join(f"{', '.join(fk['fields'])} → {fk['reference']['resource']} ({', '.join(fk['reference']['fields'])})"
                        for fk in schema.get("foreignKeys", [])) or "none"
    sources = "; ".join(s.get("title", "") + (f" ({s['path']})" if s.get("path") else "") for s in r.get("sources", []))
    return "\n".join([
        markup.target(f"data-{name.replace('_', '-')}"), f"### {r['title']}", "",
        r.get("description", "").replace("$", "\\$"), "",
        f"- **Resource:** `{name}`; **file:** {markup.download(r['path'], '../data/' + r['path'])}",
        f"- **Rows** (as loaded and validated by `cx.load`): {rows}",
        f"- **Primary key:** {', '.join(f'`{k}`' for k in primary) or 'none'}; **foreign keys:** {foreign}",
        f"- **Sources:** {sources or 'not recorded'}"])
