#!/usr/bin/env python3
"""Compare the Swift tokenizer with the reference model on whole corpora.

Two ways:

1. Through the command-line driver (fast, used for the full comparison):
     python3 scripts/tokenize/compare_corpus.py [--corpus NAME ...] [--sample K]
   builds scripts/tokenize/tokcli.swift with `swiftc -O` (into /tmp) unless --binary is given,
   tokenizes every document (`text` and `title`) with the model (`tokenize(text,
   stopwords=False)`, 2 processes) and with the driver, and prints per-corpus counts of
   identical documents plus the first differences.

2. Through the opt-in Swift test:
     python3 scripts/tokenize/compare_corpus.py --write-expected /tmp/expected.jsonl
     TOKENIZE_EXPECTED=/tmp/expected.jsonl swift test --scratch-path .build-tok \
         --filter TokenizeTests.fullCorpus
   writes one {"corpus", "id", "field", "text", "terms"} line per document field.

Lone surrogates (possible in JSON input) are replaced by U+FFFD on both sides (the Swift API
takes valid strings or UTF-8 bytes; both are breaks that produce no token).
"""
import argparse
import glob
import gzip
import json
import multiprocessing
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
MODEL_DIR = "/work/shared/tools/peers"
CORPORA = "/work/shared/corpora"
SURROGATE = re.compile("[\ud800-\udfff]")

_model = None


def _tok(text):
    global _model
    if _model is None:
        sys.path.insert(0, MODEL_DIR)
        import cjk_bigram
        _model = cjk_bigram
    return _model.tokenize(text, stopwords=False)


def _tok_chunk(texts):
    return [_tok(t) for t in texts]


def corpus_files(names):
    out = []
    for d in sorted(glob.glob(os.path.join(CORPORA, "*"))):
        name = os.path.basename(d)
        if not os.path.isdir(d) or (names and name not in names):
            continue
        for f in ("corpus.jsonl", "corpus.jsonl.gz"):
            p = os.path.join(d, f)
            if os.path.exists(p):
                out.append((name, p))
    return out


def read_docs(path, sample=1):
    op = gzip.open if path.endswith(".gz") else open
    with op(path, "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i % sample:
                continue
            d = json.loads(line)
            for field in ("text", "title"):
                t = d.get(field)
                if isinstance(t, str) and t:
                    yield d.get("id", str(i)), field, SURROGATE.sub("\ufffd", t)


def model_terms(texts, procs=2, chunk=500):
    chunks = [texts[i:i + chunk] for i in range(0, len(texts), chunk)]
    if procs <= 1:
        return [r for c in chunks for r in _tok_chunk(c)]
    with multiprocessing.Pool(procs) as pool:
        return [r for c in pool.imap(_tok_chunk, chunks) for r in c]


def build_binary():
    out = "/tmp/tokcli-compare"
    srcs = sorted(glob.glob(os.path.join(ROOT, "Sources", "Tokenize", "*.swift")))
    os.makedirs("/tmp/tokcli-src", exist_ok=True)
    main_swift = "/tmp/tokcli-src/main.swift"  # top-level code must live in main.swift
    with open(os.path.join(HERE, "tokcli.swift")) as f, open(main_swift, "w") as g:
        g.write(f.read())
    subprocess.run(["swiftc", "-O", *srcs, main_swift, "-o", out], check=True)
    return out


def swift_terms(binary, texts):
    inp = "\0".join(t.replace("\0", "\1") for t in texts).encode("utf-8")
    res = subprocess.run([binary], input=inp, capture_output=True, check=True)
    lines = res.stdout.decode("utf-8").split("\n")
    assert len(lines) == len(texts) + 1, (len(lines), len(texts))
    return [ln.split("\1") if ln else [] for ln in lines[:-1]]


def first_diff(a, b):
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return i
    return min(len(a), len(b))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", action="append", default=[])
    ap.add_argument("--sample", type=int, default=1, help="every K-th line")
    ap.add_argument("--binary")
    ap.add_argument("--write-expected")
    ap.add_argument("--procs", type=int, default=2)
    ap.add_argument("--show", type=int, default=5, help="differences shown per corpus")
    args = ap.parse_args()

    out = open(args.write_expected, "w", encoding="utf-8") if args.write_expected else None
    binary = None if out else (args.binary or build_binary())
    total_docs = total_same = 0
    for name, path in corpus_files(args.corpus):
        t0 = time.time()
        docs = list(read_docs(path, args.sample))
        texts = [t for _, _, t in docs]
        want = model_terms(texts, args.procs)
        t1 = time.time()
        if out:
            for (did, field, text), terms in zip(docs, want):
                out.write(json.dumps({"corpus": name, "id": did, "field": field, "text": text,
                                      "terms": terms}, ensure_ascii=False) + "\n")
            print(f"{name}: {len(docs)} fields written ({t1 - t0:.0f}s)", flush=True)
            continue
        got = swift_terms(binary, texts)
        t2 = time.time()
        # a document is identical when all of its fields are
        bad_ids = set()
        shown = 0
        for (did, field, text), w, g in zip(docs, want, got):
            if w != g:
                bad_ids.add(did)
                if shown < args.show:
                    shown += 1
                    i = first_diff(w, g)
                    print(f"  DIFF {name} {did} {field} at term {i}: model {w[i:i + 5]} swift {g[i:i + 5]}")
        ndocs = len({d for d, _, _ in docs})
        same = ndocs - len(bad_ids)
        total_docs += ndocs
        total_same += same
        print(f"{name}: {same}/{ndocs} documents identical ({100.0 * same / max(ndocs, 1):.4f}%), "
              f"model {t1 - t0:.0f}s, swift {t2 - t1:.1f}s", flush=True)
    if out:
        out.close()
    else:
        print(f"TOTAL: {total_same}/{total_docs} documents identical "
              f"({100.0 * total_same / max(total_docs, 1):.4f}%)")


if __name__ == "__main__":
    main()
