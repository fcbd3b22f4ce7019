"""spaCy baseline for bench/tokenize.sh: rule tokenizer + sentencizer, one thread."""
import json
import sys
import time

import spacy

path, rounds = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 3
texts = [json.loads(line)["text"] for line in open(path, encoding="utf-8")]
nbytes = sum(len(t.encode("utf-8")) for t in texts)
nlp = spacy.blank("en")
nlp.add_pipe("sentencizer")
nlp.max_length = 10**8
best_wall = best_cpu = float("inf")
ntok = nsent = 0
for _ in range(rounds):
    w0, c0 = time.perf_counter(), time.thread_time()
    ntok = nsent = 0
    for doc in nlp.pipe(texts, batch_size=256):
        ntok += len(doc)
        nsent += sum(1 for _ in doc.sents)
    best_wall = min(best_wall, time.perf_counter() - w0)
    best_cpu = min(best_cpu, time.thread_time() - c0)
print(json.dumps({"documents": len(texts), "bytes": nbytes, "tokens": ntok, "sentences": nsent,
                  "wall_seconds": round(best_wall, 4), "mb_per_s_wall": round(nbytes / 1e6 / best_wall, 1),
                  "cpu_seconds": round(best_cpu, 4), "mb_per_s_cpu": round(nbytes / 1e6 / best_cpu, 1)}))
