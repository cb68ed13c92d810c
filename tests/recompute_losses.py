"""Independent recomputations of the loss-table checks (see recompute.py): the printed cells are
read with this module's own regular expressions, the tidy table with the csv module."""
import csv
import re
from pathlib import Path

STATUS = r"destroyed|damaged|abandoned|captured"
CELL_TOTAL = re.compile(r"^(\d+), (?:of which )?(.*)$")
# The table's own vehicle rows, where every status is to be expected (labels as printed).
VEHICLE_ROWS = {"Tanks", "Armored Fighting Vehicles", "Infantry Fighting Vehicles", "Trucks, Vehicles, and Jeeps"}


def rows(data: Path, name: str) -> list[dict]:
    with (data / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def verdict(ok: bool) -> str:
    return "consistent" if ok else "tension"


def printed_counts(cell: str) -> dict[str, int]:
    """Status -> count of one printed cell: 'N, of which status: a, status b[, of which c …]',
    'a status; b status', the garbled 'a status: a', or '—'."""
    cell = " ".join(cell.split())
    m = CELL_TOTAL.match(cell)
    if m:
        body = re.sub(r", of which \d+ [a-z ]+$", "", m.group(2))
        return {s: int(n) for s, n in re.findall(rf"({STATUS}):? (\d+)", body)}
    return {s: int(n) for n, s in re.findall(rf"(\d+) ({STATUS})", cell)}


def tidy(data: Path) -> dict[tuple, int]:
    return {(r["row_order"], r["side"], r["status"]): int(r["count"]) for r in rows(data, "losses")}


def by_row(data: Path) -> dict[tuple, int]:
    """(row_order, category, side) -> items, from the tidy table."""
    out = {}
    for r in rows(data, "losses"):
        key = (r["row_order"], r["category"], r["side"])
        out[key] = out.get(key, 0) + int(r["count"])
    return out


def side_totals(data: Path) -> dict[str, int]:
    out = {}
    for r in rows(data, "losses"):
        out[r["side"]] = out.get(r["side"], 0) + int(r["count"])
    return out


def expected_loss_tidy_matches_printed(data: Path) -> str:
    printed = {(r["row_order"], r["side"], s): n for r in rows(data, "losses_printed")
               for s, n in printed_counts(r["cell"]).items()}
    return verdict(printed == tidy(data))


def expected_loss_garbled_cell(data: Path) -> str:
    pairs = [m for r in rows(data, "losses_printed") for m in re.findall(rf"(\d+) (?:{STATUS}): (\d+)", r["cell"])]
    return verdict(all(a == b for a, b in pairs))


def expected_loss_total_cells(data: Path) -> str:
    """Every printed 'N, of which …' cell: do the listed statuses sum to N?"""
    cells = [" ".join(r["cell"].split()) for r in rows(data, "losses_printed")]
    return verdict(all(sum(printed_counts(c).values()) == int(m.group(1)) for c in cells if (m := CELL_TOTAL.match(c))))


def expected_loss_cell_subcounts(data: Path) -> str:
    """The one cell with a sub-count: total = destroyed + captured, and the sub-count fits in captured."""
    (cell,) = [" ".join(r["cell"].split()) for r in rows(data, "losses_printed") if "launcher" in r["cell"]]
    total, destroyed, captured, sub = (int(x) for x in re.findall(r"\d+", cell))
    return verdict(destroyed + captured == total and sub <= captured)


def expected_loss_label_printed_twice(data: Path) -> str:
    labels = {}
    for r in rows(data, "losses_printed"):
        labels.setdefault(r["category"], set()).add(r["row_order"])
    return verdict(all(len(v) == 1 for v in labels.values()))


def expected_loss_cell_exceeds_column(data: Path) -> str:
    """A count larger than all the other counts of its side and status together (columns of 3 or more)."""
    cols = {}
    for r in rows(data, "losses"):
        cols.setdefault((r["side"], r["status"]), []).append(int(r["count"]))
    return verdict(not any(len(v) >= 3 and max(v) > sum(v) - max(v) for v in cols.values()))


def expected_loss_row_empty_for_one_side(data: Path) -> str:
    """A row empty for one side while the other side's count in it exceeds everything the first lost."""
    counts, totals = by_row(data), side_totals(data)
    flagged = [(row, side) for (row, cat, side), n in counts.items() for other in totals
               if other != side and (row, cat, other) not in counts and n > totals[other]]
    return verdict(not flagged)


def expected_loss_weapon_row_vehicle_profile(data: Path) -> str:
    """A row that is not a vehicle row but records all four statuses."""
    statuses = {}
    for r in rows(data, "losses"):
        statuses.setdefault((r["category"], r["side"]), set()).add(r["status"])
    return verdict(not any(len(s) == 4 and cat not in VEHICLE_ROWS for (cat, _), s in statuses.items()))


def expected_loss_row_against_pattern(data: Path) -> str:
    """A category in which the side with fewer losses overall lost more."""
    totals = side_totals(data)
    small, big = sorted(totals, key=totals.get)
    per = {}
    for (_, cat, side), n in by_row(data).items():
        per.setdefault(cat, {}).setdefault(side, 0)
        per[cat][side] += n
    return verdict(not any(p.get(small, 0) > p.get(big, 0) for p in per.values()))


LOSS_TABLE = {name[len("expected_"):]: f for name, f in globals().items() if name.startswith("expected_")}
