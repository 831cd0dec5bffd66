#!/usr/bin/python3
"""Extraction speed of akhbar against python3-readability, in one run.

usage: bench/compare_readability.py [HTML_DIR] [--bench PATH] [--repeat N]

HTML_DIR defaults to ../shared/corpus/extraction/scrapinghub/html. Every
NAME.html is read into memory first; then readability-lxml (Debian's
python3-readability: `apt-get install python3-readability`) runs
Document(raw_bytes).summary() over every page, N rounds (default 3), and the
fastest round is kept: only that loop is timed. Then the akhbar benchmark
(bench/extract_speed.cpp, PATH defaults to build/bin/extract_speed) runs over
the same directory with the same N, and both pages/s and the ratio are
printed. Both sides are single-threaded: run the script under `taskset -c K`
to keep them on one core. Uses /usr/bin/python3 (Debian's, where the
package installs) and the standard library only.
"""
import argparse
import logging
import os
import re
import subprocess
import sys
import time

try:
    from readability import Document
except ImportError:
    sys.exit("python3-readability is not installed: apt-get install python3-readability")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("html_dir", nargs="?", default="../shared/corpus/extraction/scrapinghub/html")
    parser.add_argument("--bench", default="build/bin/extract_speed")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    repeat = max(1, args.repeat)

    names = sorted(n for n in os.listdir(args.html_dir) if n.endswith(".html"))
    if not names:
        sys.exit(f"no .html pages in {args.html_dir}")
    pages = []
    for name in names:
        with open(os.path.join(args.html_dir, name), "rb") as f:
            pages.append(f.read())
    megabytes = sum(len(p) for p in pages) / 1e6
    if not os.access(args.bench, os.X_OK):
        sys.exit(f"{args.bench} not found: build the extract_speed target first, or pass --bench")

    logging.disable(logging.CRITICAL)  # readability logs every page it finds hard
    best = float("inf")
    failures = 0
    for _ in range(repeat):
        failures = 0
        start = time.perf_counter()
        for raw in pages:
            try:
                Document(raw).summary()
            except Exception:  # a page readability cannot handle still took its time
                failures += 1
        best = min(best, time.perf_counter() - start)
    readability_rate = len(pages) / best
    print(f"pages {len(pages)} ({megabytes:.1f} MB) from {args.html_dir}, best of {repeat} rounds")
    print(f"python3-readability       {best:8.3f} s  {readability_rate:8.1f} pages/s"
          f"  {megabytes / best:6.1f} MB/s  ({failures} pages raised)")
    sys.stdout.flush()

    result = subprocess.run([args.bench, args.html_dir, "--repeat", str(repeat)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{args.bench} failed:\n{result.stderr}")
    ours = re.search(r"^ours .*?([0-9.]+) pages/s", result.stdout, re.M)
    if not ours:
        sys.exit(f"unexpected output from {args.bench}:\n{result.stdout}")
    for line in result.stdout.splitlines()[1:]:
        print(line)
    ours_rate = float(ours.group(1))
    print(f"ratio ours/readability pages/s {ours_rate / readability_rate:8.1f}")


if __name__ == "__main__":
    main()
