#!/usr/bin/env python3
"""Builds crates/dossier/data/ner_common_words.txt from the named-entity training sets in
../shared/train/ner (CC BY / CC BY-SA; see that folder's README): the lower-case words that
are frequent in running text and rarely part of a name. Dossier uses the list to tell a
capitalised sentence start ("Perhaps", "Adding") from a name.

usage: python3 scripts/build_lexicon.py [--train ../shared/train/ner]
Deterministic: the same input gives the same file.
"""
import argparse, collections, json, pathlib, re

ap = argparse.ArgumentParser()
ap.add_argument("--train", default=str(pathlib.Path(__file__).resolve().parents[2] / "shared/train/ner"))
ap.add_argument("--out", default=str(pathlib.Path(__file__).resolve().parents[1] / "crates/dossier/data/ner_common_words.txt"))
a = ap.parse_args()

low, in_name = collections.Counter(), collections.Counter()
for f in sorted(pathlib.Path(a.train).glob("*.jsonl")):
    for line in open(f, encoding="utf-8"):
        d = json.loads(line)
        t = d["text"]
        spans = [(e["start"], e["end"]) for e in d["entities"]]
        for m in re.finditer(r"[A-Za-z][A-Za-z'’-]*", t):
            w = m.group()
            inside = any(s <= m.start() < e for s, e in spans)
            if inside:
                in_name[w.lower()] += 1
            elif w.islower():
                low[w] += 1
words = sorted(w for w, c in low.items() if c >= 3 and in_name[w] <= c)
with open(a.out, "w", encoding="utf-8") as out:
    out.write("# Frequent lower-case English words, rarely part of a name. Built by scripts/build_lexicon.py\n")
    out.write("# from ../shared/train/ner (GUM CC BY 4.0, wikigold CC BY 4.0, UNER EWT CC BY-SA 4.0): word counts only.\n")
    for w in words:
        out.write(w + "\n")
print(f"{len(words)} words -> {a.out}")
