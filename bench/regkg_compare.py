#!/usr/bin/env python3
"""sitrep vs gdelt-regkg on the same articles: per-field agreement and speed.

Run through bench/regkg.sh, which builds sitrep's extract-only runner and a
Python 3.12 venv with gdelt-regkg. Both systems see the same N articles (the
first N of ../shared/data/corpora/news/abp_allsides_dev.jsonl by default).

regkg's offline fields are compared: amounts, dates, quotations, counts and
themes (its tone and locations need resources that are not available offline).
Agreement is pooled micro-F1 over per-document sets, treating regkg as the
reference (it is not gold: it is GDELT's open reconstruction), with the
normalizations regkg's own benchmark uses (NFKC, casefold, whitespace).

Speed: per-article time of the same fields, measured in this run, as thread
CPU time (robust to other processes on a shared machine) and wall time.
"""

import argparse
import json
import re
import subprocess
import sys
import time
import unicodedata
from collections import Counter


def norm(s):
    s = unicodedata.normalize("NFKC", s).casefold()
    s = re.sub(r"[\W_]+", " ", s)
    return " ".join(s.split())


def f1(pairs):
    """pairs: list of (ours Counter, theirs Counter). Pooled micro P/R/F1."""
    tp = sum(sum((a & b).values()) for a, b in pairs)
    na = sum(sum(a.values()) for a, _ in pairs)
    nb = sum(sum(b.values()) for _, b in pairs)
    p = tp / na if na else 0.0
    r = tp / nb if nb else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f, na, nb


def regkg_fields(text, resources):
    from gdelt_regkg.fields.amounts import analyze_amounts
    from gdelt_regkg.fields.counts import analyze_counts
    from gdelt_regkg.fields.dates import analyze_dates
    from gdelt_regkg.fields.quotations import analyze_quotations
    from gdelt_regkg.fields.themes import analyze_themes

    return {
        "amounts": analyze_amounts(text).to_gkg(),
        "dates": analyze_dates(text).to_gkg(),
        "quotes": analyze_quotations(text).to_gkg(),
        "counts": analyze_counts(text, locations=(), rules=resources.counts()).to_gkg(enhanced=False),
        "themes": analyze_themes(text, lexicon=resources.themes()).to_gkg(enhanced=False),
    }


# regkg's count labels that have a V1 count type in sitrep.
V1_COUNTS = {"KILL", "WOUND", "ARREST", "KIDNAP", "PROTEST", "DISPLACED", "EVACUATION", "AFFECT", "SEIZE", "SICKENED"}
RES = {"year": 1, "month": 2, "day": 3, "month_day": 4}


def regkg_sets(g):
    out = {}
    out["amounts"] = Counter()
    for block in filter(None, g["amounts"].split(";")):
        v = block.split(",")[0]
        try:
            out["amounts"][round(float(v), 2)] += 1
        except ValueError:
            pass
    out["dates"] = Counter()
    for block in filter(None, g["dates"].split(";")):
        res, m, d, y, _ = block.split("#")
        out["dates"][(int(res), int(m), int(d), int(y))] += 1
    out["quotes"] = Counter()
    for block in filter(None, g["quotes"].split("#")):
        parts = block.split("|", 3)
        if len(parts) == 4:
            out["quotes"][norm(parts[3])] += 1
    out["counts"] = Counter()
    for block in filter(None, g["counts"].split(";")):
        f = block.split("#")
        if f[0] in V1_COUNTS:
            out["counts"][(f[0], round(float(f[1]), 2))] += 1
    out["themes"] = Counter(set(filter(None, g["themes"].split(";"))))
    return out


def sitrep_sets(r):
    out = {"amounts": Counter(), "dates": Counter(), "quotes": Counter(), "counts": Counter(), "themes": Counter()}
    for a in r["amounts"]:
        out["amounts"][round(a["value"], 2)] += 1
        if a.get("value_max") is not None:
            out["amounts"][round(a["value_max"], 2)] += 1
    for d in r["dates"]:
        if d["relative"] or not d["resolved"]:
            continue  # regkg has no relative dates
        res = RES[d["resolution"]]
        parts = [int(x) for x in d["resolved"].split("-") if x]
        y, m, dd = (parts + [0, 0, 0])[:3]
        if res == 4:
            y = 0
        out["dates"][(res, m, dd, y)] += 1
    for q in r["quotes"]:
        out["quotes"][norm(q["text"])] += 1
    for c in r["counts"]:
        out["counts"][(c["type"], round(c["number"], 2))] += 1
    out["themes"] = Counter(set(r["themes"]))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", default="../shared/data/corpora/news/abp_allsides_dev.jsonl")
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--sitrep", default="target/release/examples/kg_jsonl")
    ap.add_argument("--resources", default="bench/.venv-regkg/regkg-resources")
    args = ap.parse_args()

    from gdelt_regkg.profiles import Resources

    docs = []
    with open(args.articles, encoding="utf-8") as f:
        for line in f:
            docs.append(json.loads(line))
            if len(docs) >= args.n:
                break

    # sitrep: one process, extract-only timing printed on stderr.
    t = time.perf_counter()
    proc = subprocess.run([args.sitrep, args.articles, str(args.n)], capture_output=True, text=True, check=True)
    sitrep_wall_process = time.perf_counter() - t
    timing = json.loads(proc.stderr.strip().splitlines()[-1])
    ours = [json.loads(l) for l in proc.stdout.splitlines()]

    # regkg: resources loaded (and caches warmed) on the first article, timed per article after.
    resources = Resources(resources_dir=args.resources)
    regkg_fields(docs[0]["text"], resources)
    theirs = []
    cpu = wall = 0.0
    for d in docs:
        c0, w0 = time.thread_time(), time.perf_counter()
        g = regkg_fields(d["text"], resources)
        cpu += time.thread_time() - c0
        wall += time.perf_counter() - w0
        theirs.append(g)

    n = len(docs)
    print(f"articles: {n} (first {n} of {args.articles})")
    print()
    print("field       P(sitrep)  R(regkg)   F1     sitrep items  regkg items")
    for field in ["amounts", "dates", "quotes", "counts", "themes"]:
        pairs = [(sitrep_sets(o)[field], regkg_sets(g)[field]) for o, g in zip(ours, theirs)]
        p, r, f, na, nb = f1(pairs)
        print(f"{field:<10}  {p:8.3f}  {r:8.3f}  {f:6.3f}  {na:12d}  {nb:11d}")
    print()
    regkg_cpu_ms = cpu * 1000 / n
    regkg_wall_ms = wall * 1000 / n
    print(f"regkg  (amounts, dates, quotations, counts, themes): {regkg_cpu_ms:.3f} ms/article CPU, {regkg_wall_ms:.3f} ms wall")
    print(
        f"sitrep (all extractors: quotes+speakers, amounts, counts, dates, places, tone, themes): "
        f"{timing['extract_cpu_ms_per_doc']:.3f} ms/article CPU, {timing['extract_ms_per_doc']:.3f} ms wall; "
        f"stages before extraction {timing['pre_ms_per_doc']:.3f} ms wall; resource load {timing['load_s']:.3f} s; "
        f"whole process {sitrep_wall_process:.2f} s"
    )
    print(f"speed ratio (regkg / sitrep): {regkg_cpu_ms / timing['extract_cpu_ms_per_doc']:.0f}x CPU, "
          f"{regkg_wall_ms / timing['extract_ms_per_doc']:.0f}x wall")


if __name__ == "__main__":
    sys.exit(main())
