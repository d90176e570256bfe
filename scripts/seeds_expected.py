#!/usr/bin/env python3
"""Independent expected rankings for the seed queries (used to write SeedRankingTests.swift).

Matching is decided on the raw text (a Chinese word must occur contiguously; an excluded word
must not occur); scores are Lucene BM25 over the tokens of the executable Lucene model
(../shared/tools/peers/cjk_bigram.py), with character terms counted from the raw text for
one-character words. Nothing here uses the Swift code.
"""
import glob, math, os, sys, unicodedata
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "../../shared/tools/peers"))
import cjk_bigram

K1, B = 1.2, 0.75
docs = []
for path in sorted(glob.glob(os.path.join(os.path.dirname(__file__), "../seeds/*.txt"))):
    text = open(path, encoding="utf-8").read()
    docs.append((os.path.basename(path), text, cjk_bigram.tokenize(text, stopwords=False)))
N = len(docs)
avgdl = sum(len(t) for _, _, t in docs) / N

def fold(s):
    return cjk_bigram.java_lower(cjk_bigram.cjk_width(s))

def is_cjk(ch):
    return bool(cjk_bigram.regex.match(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]", ch))

def bm25(tf, df, dl):
    idf = math.log(1 + (N - df + 0.5) / (df + 0.5))
    return idf * tf / (tf + K1 * (1 - B + B * dl / avgdl))

def rank(words, excluded=(), any_of=None):
    terms = {}
    for w in words:
        toks = cjk_bigram.tokenize(w, stopwords=False)
        if len(w) == 1 and is_cjk(w):
            terms[("char", w)] = terms.get(("char", w), 0) + 1
        else:
            for t in toks:
                # a lone CJK character inside a mixed word is scored by its character term
                key = ("char", t) if len(toks) > 1 and len(t) == 1 and is_cjk(t) else ("term", t)
                terms[key] = terms.get(key, 0) + 1
    def tf(term, d):
        kind, t = term
        if kind == "char":
            return fold(d[1]).count(t)
        return d[2].count(t)
    results = []
    for d in docs:
        text = fold(d[1])
        if any_of is None and not all(fold(w) in text for w in words):
            continue
        if any_of is not None and not any(all(fold(w) in text for w in g) for g in any_of):
            continue
        if any(fold(w) in text for w in excluded):
            continue
        score = 0.0
        for term, qtf in terms.items():
            f = tf(term, d)
            if f:
                df = sum(1 for e in docs if tf(term, e))
                score += qtf * bm25(f, df, len(d[2]))
        results.append((d[0], score))
    results.sort(key=lambda r: (-r[1], r[0]))
    return results

if __name__ == "__main__":
    for q in sys.argv[1:]:
        if " OR " in q:
            groups = [g.split() for g in q.split(" OR ")]
            print(q, rank([w for g in groups for w in g], any_of=groups))
            continue
        words = [w for w in q.split() if not w.startswith("-")]
        excluded = [w[1:] for w in q.split() if w.startswith("-")]
        print(q, rank(words, excluded))
