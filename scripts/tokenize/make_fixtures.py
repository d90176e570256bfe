#!/usr/bin/env python3
"""Write the golden fixtures of Tests/TokenizeTests/Fixtures from the reference model.

* `<corpus>.jsonl`: a deterministic sample of every shared corpus (every k-th line so that about
  PER_CORPUS documents are taken; texts longer than MAX_CHARS code points are cut, titles are
  included as separate entries; fewer documents are taken from corpora of long texts so that
  each file stays near BUDGET bytes), each line `{"text": ..., "terms": [...]}` with the terms of
  `cjk_bigram.tokenize(text, stopwords=False)`.
* `selftest.jsonl`: the model's SELFTEST inputs plus edge cases, same format.

Usage: python3 scripts/tokenize/make_fixtures.py
"""
import gzip
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(ROOT, "Tests", "TokenizeTests", "Fixtures")
sys.path.insert(0, HERE)
sys.path.insert(0, "/work/shared/tools/peers")
import cjk_bigram as M  # noqa: E402
from compare_corpus import SURROGATE, corpus_files  # noqa: E402

PER_CORPUS = 300      # at most this many documents per corpus
MAX_CHARS = 400       # texts are cut to this many code points
BUDGET = 300_000      # approximate bytes per corpus file (about 12 bytes per text character)

EXTRA = [
    "我是中国人", "中", "2020年", "K12教育", "5G网络", "ＡＢＣ１２３", "２０２０年", "中国，美国", "中、美",
    "ひらがな", "ｶﾀｶﾅ", "東京タワー", "한국어", "Hello, World!", "37.53KB", "1,000", "2.0", "COVID-19",
    "STEAM教育", "", "，。！？、……", "א\"ב אב' א'ב", "ｶﾞﾞ ｶﾞﾞ中 ﾊﾟﾋﾟﾌﾟ ｳﾞ ﾜﾞ", "กขค ไทย ภาษาไทย", "\u200d😀",
    "_ __a__ a_b 1_a _1_ ＿x", "👩🏽\u200d💻 👨\u200d👩\u200d👧\u200d👦 🏳️\u200d🌈",
    "🏴\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F", "x" * 300, "ア" * 300,
    "😀" * 200, "1" * 100 + "😀" * 100, "𠀀" * 130 + "a" * 10, "a" + "\u0301" * 300,
    "中" + "\u0301" * 300 + "国", "ΣΑΣ İI ǅ Ⅻ ⓐⒶ", "Ａ＿Ｂ ａ．ｂ．ｃ ｆｕｌｌ－ｗｉｄｔｈ", "e.g. don't 1'000 a:b c·d",
    "中文English混合123数字", "ㄅㄆㄇ ꀀ 𠀀𠀁 𪜀中 龘 〇 〡〢", "なのに、ヴァイオリンを弾くのは楽しい。",
    "ﾃﾞｰﾀﾍﾞｰｽ ｱﾌﾟﾘｹｰｼｮﾝ", "#1 *2 #️⃣ *️⃣ 0️⃣", "🇨🇳🇺🇸🇯 中🇨🇳", "©® ™ 〽️ 〰",
    "a\u200bb c\u00add e\u200de", "中\ufe0f国 中\ufe0e国", "1.2.3.4 1..2 1.a a.1 a1.b2", "x_1 1_x ア_1",
    "\u0e01\u0e34\u0e19\u0e02\u0e49\u0e32\u0e27 \u0e34", "\U00016ff0 中\U00016ff0国",
    # long runs around the 255-unit limit and the scanner's skipping of failed positions
    "_" * 300 + "b", "_" * 1100 + "b", "_" * 254 + "b", "\u200d" * 300 + "😀", "\u200d" * 253 + "😀",
    "\u200d" * 1100 + "😀 a", "_\u200d" * 600 + "😀", "a" + "_" * 1500, "ก" * 600, "1" + "\u0301" * 300 + "\u20e3",
]


def write(path, texts):
    n = 0
    with open(path, "w", encoding="utf-8") as f:
        for t in texts:
            f.write(json.dumps({"text": t, "terms": M.tokenize(t, stopwords=False)},
                               ensure_ascii=False) + "\n")
            n += 1
    print(f"{os.path.relpath(path, ROOT)}: {n} docs, {os.path.getsize(path)} bytes")


def main():
    os.makedirs(OUT, exist_ok=True)
    write(os.path.join(OUT, "selftest.jsonl"), [t for t, _ in M.SELFTEST] + EXTRA)
    for name, path in corpus_files([]):
        with open(os.path.join(os.path.dirname(path), "stats.json")) as f:
            stats = json.load(f)
        ndocs = stats["documents"]
        mean = min(stats["text_length_chars"]["mean"], MAX_CHARS)
        want = max(50, min(PER_CORPUS, int(BUDGET / (12 * mean))))
        k = max(1, ndocs // want)
        texts = []
        op = gzip.open if path.endswith(".gz") else open
        with op(path, "rt", encoding="utf-8") as f:
            for i, line in enumerate(f):
                if i % k:
                    continue
                d = json.loads(line)
                for field in ("title", "text"):
                    t = d.get(field)
                    if isinstance(t, str) and t:
                        texts.append(SURROGATE.sub("\ufffd", t[:MAX_CHARS]))
        write(os.path.join(OUT, name + ".jsonl"), texts)


if __name__ == "__main__":
    main()
