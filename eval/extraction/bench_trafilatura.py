"""Trafilatura's extraction throughput on a Zyte-style benchmark folder, one
process, one thread: pages are gunzipped and decoded first, then each round
calls trafilatura.extract(html, url=url) on every page (its default settings,
as in the published benchmark). Reports the best round by the thread's CPU
time and by wall time; the last line of output is JSON.

Usage: bench_trafilatura.py DATA_DIR [ROUNDS]
"""
import gzip
import json
import os
import sys
import time

import trafilatura


def main():
    data = sys.argv[1]
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    urls = {}
    with open(os.path.join(data, "ground_truth.jsonl"), encoding="utf-8") as f:
        for line in f:
            if line.strip():
                v = json.loads(line)
                urls[v["id"]] = v.get("url")
    names = sorted(n for n in os.listdir(os.path.join(data, "html")) if n.endswith(".html.gz"))
    pages = []
    total = 0
    for n in names:
        with gzip.open(os.path.join(data, "html", n)) as f:
            raw = f.read()
        total += len(raw)
        pages.append((raw.decode("utf-8", errors="replace"), urls.get(n[: -len(".html.gz")])))
    found = sum(1 for html, url in pages if trafilatura.extract(html, url=url))  # warm-up
    best_cpu = best_wall = float("inf")
    for _ in range(max(1, rounds)):
        c, w = time.thread_time(), time.perf_counter()
        for html, url in pages:
            trafilatura.extract(html, url=url)
        best_cpu = min(best_cpu, time.thread_time() - c)
        best_wall = min(best_wall, time.perf_counter() - w)
    n, mb = len(pages), total / 1e6
    print(
        f"trafilatura {trafilatura.__version__}: {n} pages, {mb:.1f} MB, {found} with a body; "
        f"best of {rounds} rounds: {n / best_cpu:.0f} pages/s, {mb / best_cpu:.1f} MB/s (CPU time); "
        f"{n / best_wall:.0f} pages/s, {mb / best_wall:.1f} MB/s (wall)"
    )
    print(json.dumps({"pages": n, "mb": mb, "pages_per_s_cpu": n / best_cpu, "mb_per_s_cpu": mb / best_cpu,
                      "pages_per_s_wall": n / best_wall, "mb_per_s_wall": mb / best_wall}))


if __name__ == "__main__":
    main()
