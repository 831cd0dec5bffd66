#!/usr/bin/python3
"""Feed parsing speed of akhbar against python3-feedparser, in one run.

usage: bench/compare_feedparser.py [FEED_DIR] [--bench PATH] [--repeat N]

FEED_DIR defaults to ../shared/corpus/feeds. Every file under it except
*.expected.json, README.md and MANIFEST.tsv is read into memory first; then
feedparser (Debian's python3-feedparser: `apt-get install python3-feedparser`)
runs feedparser.parse(raw_bytes) over every file, N rounds (default 3), and
the fastest round is kept: only that loop is timed, in CPU time of the
process (time.process_time; the C++ side uses the same clock), so that other
work on a shared machine does not count. Then the akhbar benchmark
(bench/feed_speed.cpp, PATH defaults to build/bin/feed_speed) times
decode_to_utf8 + parse_feed over the same file list with the same N, and
feeds/s, MB/s and the ratio are printed. Both sides are single-threaded: run
the script under `taskset -c K` to keep them on one core. Uses
/usr/bin/python3 (Debian's, where the package installs) and the standard
library only.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

try:
    import feedparser
except ImportError:
    sys.exit("python3-feedparser is not installed: apt-get install python3-feedparser")


def feed_files(root):
    out = []
    for dirpath, _, names in os.walk(root):
        for name in names:
            if name.endswith(".expected.json") or name in ("README.md", "MANIFEST.tsv"):
                continue
            out.append(os.path.join(dirpath, name))
    return sorted(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("feed_dir", nargs="?", default="../shared/corpus/feeds")
    parser.add_argument("--bench", default="build/bin/feed_speed")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    repeat = max(1, args.repeat)

    paths = feed_files(args.feed_dir)
    if not paths:
        sys.exit(f"no feed files in {args.feed_dir}")
    if not os.access(args.bench, os.X_OK):
        sys.exit(f"{args.bench} not found: build the feed_speed target first, or pass --bench")
    bodies = []
    for path in paths:
        with open(path, "rb") as f:
            bodies.append(f.read())
    megabytes = sum(len(b) for b in bodies) / 1e6

    best = float("inf")
    failures = 0
    for _ in range(repeat):
        failures = 0
        start = time.process_time()
        for raw in bodies:
            try:
                feedparser.parse(raw)
            except Exception:  # a document feedparser cannot handle still took its time
                failures += 1
        best = min(best, time.process_time() - start)
    fp_rate = len(bodies) / best
    print(f"feeds {len(bodies)} ({megabytes:.1f} MB) from {args.feed_dir}, best of {repeat} rounds (CPU time)")
    print(f"python3-feedparser {feedparser.__version__:8s}  {best:8.3f} s  {fp_rate:9.1f} feeds/s"
          f"  {megabytes / best:7.1f} MB/s  ({failures} documents raised)")
    sys.stdout.flush()

    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
        listing.write("\n".join(os.path.abspath(p) for p in paths) + "\n")
    try:
        result = subprocess.run([args.bench, "--list", listing.name, "--repeat", str(repeat)],
                                capture_output=True, text=True)
    finally:
        os.unlink(listing.name)
    if result.returncode != 0:
        sys.exit(f"{args.bench} failed:\n{result.stderr}")
    ours = re.search(r"^ours .*?([0-9.]+) feeds/s", result.stdout, re.M)
    if not ours:
        sys.exit(f"unexpected output from {args.bench}:\n{result.stdout}")
    for line in result.stdout.splitlines()[1:]:
        print(line)
    ours_rate = float(ours.group(1))
    print(f"ratio ours/feedparser feeds/s {ours_rate / fp_rate:8.1f}")


if __name__ == "__main__":
    main()
