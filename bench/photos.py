"""How nenpo copes with phone photos: N photos of 4000×3000 (each a few MB, as a phone takes them)
spread over N/2 sessions, built into each format; wall time, CPU, peak memory and output size.

    python bench/photos.py [--counts 10,60,300] [--formats docx,pdf,html] [--work bench/work]

A measurement, not a test: nothing asserts a time. The photos are drawn by make_photos.py (with
sensor-like noise, so their JPEGs weigh what real ones do) and cached in the work folder.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import REPO, measure, pdf_pages  # noqa: E402


def _photos(folder: Path, n: int) -> list[Path]:
    """N phone-size photos, drawn once (in a process of their own, so that this one stays small: a
    child forked from it would otherwise report this process's memory as its own peak) and kept
    between runs."""
    subprocess.run([sys.executable, str(Path(__file__).with_name("make_photos.py")), str(folder), str(n)], check=True)
    return [folder / f"photo-{i:03d}.jpg" for i in range(1, n + 1)]


def _records(folder: Path, photos: list[Path]) -> Path:
    """A year of N/2 sessions with two photos each (the last with one when N is odd)."""
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "photos").mkdir(parents=True)
    lines = ["report:", "  title: 写真の多い年報", "  fiscal_year: 2024", "organisation:", "  name: 見本の会",
             "sessions:"]
    for k in range(0, len(photos), 2):
        n = k // 2 + 1
        lines += ["  - kind: 研修", f"    number: {n}", f"    date: 2024-{4 + n % 12 if n % 12 < 9 else 1}-10",
                  "    summary: [研修を行いました。]", "    photos:"]
        for p in photos[k:k + 2]:
            os.link(p, folder / "photos" / p.name)  # a hard link: a symbolic one out of the folder is refused
            lines += [f"      - path: photos/{p.name}", f"        caption: 第{n}回の様子"]
    (folder / "report.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", default="10,60,300")
    parser.add_argument("--formats", default="docx,pdf,html")
    parser.add_argument("--work", type=Path, default=REPO / "bench" / "work")
    args = parser.parse_args()
    print("| photos | format | wall s | cpu s | peak MiB | output MiB | pages |")
    print("| ---: | :--- | ---: | ---: | ---: | ---: | ---: |")
    for count in (int(c) for c in args.counts.split(",")):
        photos = _photos(args.work / "phone-photos", count)
        records = _records(args.work / f"photos-{count}", photos)
        out = args.work / f"photos-out-{count}"
        for fmt in args.formats.split(","):
            run = measure(["build", str(records), "-o", str(out), "--format", fmt])
            if run.code:
                print(run.stderr, file=sys.stderr)
                return 1
            file = out / f"{records.name}.{fmt}"
            pages = pdf_pages(file) if fmt == "pdf" else None
            print(f"| {count} | {fmt} | {run.seconds:.2f} | {run.cpu_seconds:.2f} | {run.peak_kib / 1024:.0f} | "
                  f"{file.stat().st_size / 2**20:.2f} | {pages or '-'} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
