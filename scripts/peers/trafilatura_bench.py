#!/usr/bin/env python3
"""Times trafilatura over the `html` of a JSONL pack, pages loaded first (so its figure leaves out
reading, which Dossier's own bench includes). usage: trafilatura_bench.py PAGES.jsonl [--precision]"""
import json, resource, sys, time

import trafilatura

pages = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
fp = "--precision" in sys.argv[2:]
t = time.perf_counter()
for p in pages:
    trafilatura.extract(p.get("html") or "", favor_precision=fp)
dt = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"trafilatura{' favor_precision' if fp else ''}: {len(pages)} pages in {dt:.3f}s: "
      f"{len(pages) / dt:.1f} pages/s, peak {peak:.0f} MiB")
