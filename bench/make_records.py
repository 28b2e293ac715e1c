"""Write a synthetic records folder of N sessions and N visits, for benchmarking `nenpo build`.

The text is not invented: every paragraph, talk title, person, venue and place is taken from the
two sample record sets in `records/` and recombined at random, so the benchmark lays out real
Japanese prose (long paragraphs, kana/kanji mix, full-width punctuation) at any size.

Layout mirrors both samples: sessions one per file in `sessions/NNNN.yaml` (as okitama-r1 does)
and visits in `report.yaml`, newest first (as project-k does). All dates fall in fiscal year 2019
(2019-04-01..2020-03-31), so the report is a single 年度. Same N and seed → byte-identical output.

    python bench/make_records.py 100 bench/work/records-100 --seed 1
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

SAMPLES = Path(__file__).resolve().parent.parent / "records"
FY_START = date(2019, 4, 1)
FY_DAYS = (date(2020, 3, 31) - FY_START).days + 1  # 366: February 2020 has 29 days
Data = dict[str, Any]


@dataclass
class Pools:
    """Everything the samples say, split into the pieces a session or a visit is made of."""

    base: Data  # okitama-r1's report.yaml: report, organisation, programme, theme, lecturers…
    kinds: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    talk_titles: list[str] = field(default_factory=list)
    people: list[Data] = field(default_factory=list)
    venues: list[Data] = field(default_factory=list)
    summaries: list[str] = field(default_factory=list)
    places: list[Data] = field(default_factory=list)
    held_at: list[str] = field(default_factory=list)
    visit_texts: list[str] = field(default_factory=list)


def _read(path: Path) -> Any:
    """A sample YAML file as plain Python values."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _unique(items: list[Any]) -> list[Any]:
    """Items without repeats, first occurrence kept (order matters for determinism)."""
    seen: list[Any] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


def _by_name(people: list[Data]) -> list[Data]:
    """One entry per person, the one naming an affiliation if any, so no talk lists a name twice."""
    chosen: dict[str, Data] = {}
    for person in people:
        known = chosen.get(person["name"])
        if known is None or (person.get("affiliation") and not known.get("affiliation")):
            chosen[person["name"]] = person
    return list(chosen.values())


def load_pools(samples: Path = SAMPLES) -> Pools:
    """Collect the sample records' text, people and places into pools to draw from."""
    base = _read(samples / "okitama-r1" / "report.yaml")
    sessions = [_read(f) for f in sorted((samples / "okitama-r1" / "sessions").glob("*.yaml"))]
    visits = _read(samples / "project-k" / "report.yaml")["visits"]
    talks = [t for s in sessions for t in s.get("programme", [])]
    people = base.get("lecturers", {}).get("people", []) + [p for t in talks for p in t.get("speakers", [])]
    return Pools(
        base=base,
        kinds=_unique([s["kind"] for s in sessions]),
        titles=_unique([s["title"] for s in sessions]),
        talk_titles=_unique([t["title"] for t in talks]),
        people=_by_name(people),
        venues=_unique([v for s in sessions for v in s.get("venues", [])]),
        summaries=_unique([p for s in sessions for p in s.get("summary", [])]),
        places=_unique([p for v in visits for p in v["places"]]),
        held_at=_unique([v["held_at"] for v in visits if v.get("held_at")]),
        visit_texts=_unique([p for v in visits for p in v["text"]]),
    )


def _when(start: date, rng: random.Random) -> date | Data:
    """One day, or (one time in four) two days as the samples' 2-day sessions, within the year."""
    end = start + timedelta(days=1)
    if rng.random() < 0.25 and end < FY_START + timedelta(days=FY_DAYS):
        return {"start": start, "end": end}
    return start


def _days(n: int, rng: random.Random) -> list[date]:
    """n days spread at random over the fiscal year, in order."""
    return [FY_START + timedelta(days=d) for d in sorted(rng.randrange(FY_DAYS) for _ in range(n))]


def make_session(number: int, day: date, pools: Pools, rng: random.Random) -> Data:
    """A session: a sample title, 1–2 sample venues, 2–5 talks by sample speakers, 2–4 paragraphs."""
    talks = [
        {"title": rng.choice(pools.talk_titles), "speakers": rng.sample(pools.people, rng.randint(1, 2))}
        for _ in range(rng.randint(2, 5))
    ]
    return {
        "number": number,
        "kind": rng.choice(pools.kinds),
        "title": rng.choice(pools.titles + pools.talk_titles),
        "date": _when(day, rng),
        "venues": rng.sample(pools.venues, rng.randint(1, min(2, len(pools.venues)))),
        "programme": talks,
        "summary": rng.sample(pools.summaries, rng.randint(2, min(4, len(pools.summaries)))),
    }


def make_visit(day: date, pools: Pools, rng: random.Random) -> Data:
    """A visit: usually one sample place (sometimes several), 2–5 sample paragraphs."""
    count = rng.randint(2, 4) if rng.random() < 0.1 else 1
    visit: Data = {"places": rng.sample(pools.places, min(count, len(pools.places)))}
    if pools.held_at and rng.random() < 0.1:
        visit["held_at"] = rng.choice(pools.held_at)
    visit["date"] = _when(day, rng)
    if rng.random() < 0.5:
        visit["participants"] = rng.randint(5, 40)
    visit["text"] = rng.sample(pools.visit_texts, rng.randint(2, min(5, len(pools.visit_texts))))
    return visit


def make_report(n: int, seed: int, pools: Pools) -> tuple[Data, list[Data]]:
    """report.yaml's mapping (with n visits, newest first) and n sessions numbered 1..n by date."""
    rng = random.Random(seed)
    sessions = [make_session(i, day, pools, rng) for i, day in enumerate(_days(n, rng), start=1)]
    visits = [make_visit(day, pools, rng) for day in reversed(_days(n, rng))]
    return {**pools.base, "visits": visits}, sessions


class _PlainDumper(yaml.SafeDumper):
    """Writes a repeated person or venue out in full, as a secretariat types it (no &id001 aliases)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _dump(value: Any) -> str:
    """YAML as people write it here: Japanese unescaped, keys in schema order, one line per paragraph."""
    return yaml.dump(value, Dumper=_PlainDumper, allow_unicode=True, sort_keys=False, width=10_000)


def _clear(out: Path, force: bool) -> None:
    """Refuse to write into a non-empty folder unless forced; then remove only what we write."""
    if not out.exists() or not any(out.iterdir()):
        return
    if not force:
        sys.exit(f"{out} is not empty; pass --force to replace its report.yaml and sessions/*.yaml")
    (out / "report.yaml").unlink(missing_ok=True)
    for sub in ("sessions", "visits"):
        for file in (out / sub).glob("*.y*ml"):
            file.unlink()


def write_records(n: int, out: Path, seed: int = 0, force: bool = False) -> Path:
    """Write the records folder for n sessions and n visits; returns the folder."""
    report, sessions = make_report(n, seed, load_pools())
    _clear(out, force)
    (out / "sessions").mkdir(parents=True, exist_ok=True)
    header = (f"# bench/make_records.py が作った合成データです(N={n}, seed={seed})。\n"
              "# 文章は records/ の見本を組み合わせたものです。\n")
    (out / "report.yaml").write_text(header + _dump(report), encoding="utf-8")
    width = max(4, len(str(n)))
    for session in sessions:
        (out / "sessions" / f"{session['number']:0{width}d}.yaml").write_text(_dump(session), encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    """The command line: `make_records.py N OUT_DIR [--seed S] [--force]`."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of sessions, and of visits")
    parser.add_argument("out", type=Path, metavar="OUT_DIR", help="records folder to write")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--force", action="store_true", help="replace the records in a non-empty OUT_DIR")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("N must be at least 1")
    write_records(args.n, args.out, args.seed, args.force)
    print(f"wrote {args.n} sessions and {args.n} visits to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
