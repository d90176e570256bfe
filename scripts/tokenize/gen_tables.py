#!/usr/bin/env python3
"""Generate Sources/Tokenize/UnicodeTables.swift from the reference model's Unicode data.

Every character property the Swift scanner needs is computed with the *same* `regex`
character classes that /work/shared/tools/peers/cjk_bigram.py uses, so the tables match
the model exactly (including its Unicode version).  Case mapping mirrors the model's
`java_lower` (Python `str.lower()` per code point, first code point of the result), width
folding mirrors `cjk_width`.

Usage: python3 scripts/tokenize/gen_tables.py [path/to/cjk_bigram.py]
"""
import os
import sys
import unicodedata

import regex

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
MODEL = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/tools/peers/cjk_bigram.py"
sys.path.insert(0, os.path.dirname(MODEL))
import cjk_bigram as M  # noqa: E402

# Property bits (must match UnicodeTables.swift / Tokenizer+Scanner.swift)
BITS = [
    ("ext", M._EXT_SET),
    ("extNP", r"[[\p{WB=Format}\p{WB=Extend}\p{WB=ZWJ}]--[\uFE0E\uFE0F]]"),
    ("zwj", r"\p{WB=ZWJ}"),
    ("ahLetter", r"[\p{WB=ALetter}\p{WB=Hebrew_Letter}]"),
    ("hebrew", r"\p{WB=Hebrew_Letter}"),
    ("hangul", r"[\p{Script=Hangul}&&[\p{WB=ALetter}\p{WB=Hebrew_Letter}]]"),
    ("numeric", r"[\p{WB=Numeric}[\p{Block=Halfwidth_And_Fullwidth_Forms}&&\p{Nd}]]"),
    ("katakana", r"\p{WB=Katakana}"),
    ("midLetter", r"[\p{WB=MidLetter}\p{WB=MidNumLet}\p{WB=Single_Quote}]"),
    ("midNum", r"[\p{WB=MidNum}\p{WB=MidNumLet}\p{WB=Single_Quote}]"),
    ("extendNumLet", r"\p{WB=ExtendNumLet}"),
    ("singleQuote", r"\p{WB=Single_Quote}"),
    ("doubleQuote", r"\p{WB=Double_Quote}"),
    ("regional", r"\p{WB=Regional_Indicator}"),
    ("complex", r"\p{Line_Break=Complex_Context}"),
    ("han", r"\p{Script=Han}"),
    ("hiragana", r"\p{Script=Hiragana}"),
    ("runChar", M._RUN_CHAR),
    ("emojiChar", M._EMOJI_CHAR),
    ("emojiModBase", "[" + M._LUCENE_EMOJI_MODIFIER_BASE + "]"),
    ("emojiMod", "[" + M._LUCENE_EMOJI_MODIFIER + "]"),
    ("keycapBase", r"[0-9#*]"),
    ("keycap", r"\u20E3"),
    ("fe0f", r"\uFE0F"),
    ("tag", r"[\U000E0020-\U000E007E]"),
    ("tagEnd", r"\U000E007F"),
    # derived
    ("emojiStart", None),
    ("wordStart", None),
    ("folds", None),  # width folding or lowercasing changes the code point
]
BIT = {name: i for i, (name, _) in enumerate(BITS)}
assert len(BITS) <= 32

N = 0x110000
ALL = "".join(chr(c) if not (0xD800 <= c <= 0xDFFF) else "\uFFFD" for c in range(N))


def members(cls):
    out = set()
    for m in regex.finditer(cls, ALL, flags=regex.V1):
        c = m.start()
        if not (0xD800 <= c <= 0xDFFF):
            out.add(c)
    return out


def fold_cp(c):
    """Width folding (without composition) then java_lower, for one code point."""
    w = M.cjk_width(chr(c)) if not (0xD800 <= c <= 0xDFFF) else chr(c)
    return ord(M.java_lower(w))


def main():
    props = [0] * N
    sets = {}
    for name, cls in BITS:
        if cls is None:
            continue
        s = members(cls)
        sets[name] = s
        b = 1 << BIT[name]
        for c in s:
            props[c] |= b
    # sanity: the scanner relies on these being disjoint / contained
    wb = ["ahLetter", "numeric", "katakana", "extendNumLet", "regional", "ext", "doubleQuote"]
    for i, a in enumerate(wb):
        for b in wb[i + 1:]:
            assert not (sets[a] & sets[b]), (a, b, sorted(sets[a] & sets[b])[:5])
    assert not (sets["midLetter"] & (sets["ahLetter"] | sets["numeric"] | sets["ext"]))
    assert not (sets["midNum"] & (sets["ahLetter"] | sets["numeric"] | sets["ext"]))
    assert not (sets["extendNumLet"] & (sets["emojiChar"] | sets["emojiModBase"] | sets["emojiMod"]
                                        | sets["complex"] | sets["han"] | sets["hiragana"]))
    assert sets["zwj"] <= sets["ext"] and sets["hebrew"] <= sets["ahLetter"]
    assert sets["hangul"] <= sets["ahLetter"] and sets["runChar"].isdisjoint(sets["ext"])
    # the scanner's fast path treats U+3400..U+4DBF and U+4E00..U+9FFF as run characters that
    # fold to themselves
    for c in list(range(0x3400, 0x4DC0)) + list(range(0x4E00, 0xA000)):
        assert c in sets["runChar"] and c not in sets["ext"], hex(c)
        assert M.java_lower(M.cjk_width(chr(c))) == chr(c), hex(c)
    # width-foldable code points must be BMP; lowercase mapping never needs composition context
    lower = {}
    for c in range(N):
        if 0xD800 <= c <= 0xDFFF:
            continue
        f = fold_cp(c)
        if f != c:
            props[c] |= 1 << BIT["folds"]
        lo = M.java_lower(chr(c))
        if ord(lo) != c:
            lower[c] = ord(lo)
        if props[c] & ((1 << BIT["zwj"]) | (1 << BIT["emojiChar"]) | (1 << BIT["emojiModBase"])
                       | (1 << BIT["emojiMod"]) | (1 << BIT["keycapBase"]) | (1 << BIT["regional"])):
            props[c] |= 1 << BIT["emojiStart"]
        if props[c] & ((1 << BIT["extendNumLet"]) | (1 << BIT["katakana"]) | (1 << BIT["ahLetter"])
                       | (1 << BIT["numeric"])):
            props[c] |= 1 << BIT["wordStart"]
    for c in range(0xD800, 0xE000):
        props[c] = 0
    # class ids
    classes = [0]
    ids = {0: 0}
    cls_of = [0] * N
    for c in range(N):
        p = props[c]
        if p not in ids:
            ids[p] = len(classes)
            classes.append(p)
        cls_of[c] = ids[p]
    assert len(classes) <= 0x4F, len(classes)
    BLOCK = 128
    blocks = []
    bidx = {}
    stage1 = []
    for start in range(0, N, BLOCK):
        blk = tuple(cls_of[start:start + BLOCK])
        if blk not in bidx:
            bidx[blk] = len(blocks)
            blocks.append(blk)
        stage1.append(bidx[blk])
    nb = len(blocks)
    assert nb < 64 * 64

    # half-width katakana composition tables (previous output char -> composed)
    voiced = {ord(k): ord(v) for k, v in M._VOICED.items()}
    half = {ord(k): ord(v) for k, v in M._HALF_VOICED.items()}

    def lit(values, offset):
        """Swift StaticString literal body: each value stored as one ASCII byte value+offset."""
        out = []
        for v in values:
            v += offset
            assert 0 < v < 128
            ch = chr(v)
            if 0x20 <= v < 0x7F and ch not in '"\\':
                out.append(ch)
            else:
                out.append("\\u{%x}" % v)
        return "".join(out)

    def multiline(body, width=96):
        # split on literal boundaries without breaking escapes
        lines, cur, i = [], "", 0
        while i < len(body):
            if body[i] == "\\":
                j = body.index("}", i) + 1
                tok = body[i:j]
                i = j
            else:
                tok = body[i]
                i += 1
            if len(cur) + len(tok) > width:
                lines.append(cur)
                cur = ""
            cur += tok
        lines.append(cur)
        return "\n".join("    " + ln + ("\\" if k < len(lines) - 1 else "") for k, ln in enumerate(lines))

    s2 = [v for blk in blocks for v in blk]
    s1 = []
    for b in stage1:
        s1.extend((b >> 6, b & 0x3F))
    sw = []
    sw.append("// GENERATED by scripts/tokenize/gen_tables.py from the reference model's Unicode data")
    sw.append("// (Python %s, unicodedata %s, regex %s). Do not edit by hand."
              % (sys.version.split()[0], unicodedata.unidata_version, regex.__version__))
    sw.append("// swift-format-ignore-file")
    sw.append("")
    sw.append("/// Character property bits of one code point (`UnicodeTables` class ids map to these).")
    sw.append("enum CharProp {")
    for name, cls in BITS:
        doc = cls if cls else "derived"
        sw.append("  /// %s" % (doc if len(doc) < 90 else doc[:87] + "..."))
        sw.append("  static let %s: UInt32 = 1 << %d" % (name, BIT[name]))
    sw.append("}")
    sw.append("")
    sw.append("enum UnicodeTables {")
    sw.append("  /// Number of code points per second-stage block.")
    sw.append("  static let blockShift = 7")
    sw.append("  /// Property bits of each class id.")
    sw.append("  static let classProps: [UInt32] = [")
    for i in range(0, len(classes), 6):
        sw.append("    " + " ".join("0x%08X," % p for p in classes[i:i + 6]))
    sw.append("  ]")
    sw.append("  /// Offset added to every byte of `stage1` and `stage2` (keeps the literals printable).")
    sw.append("  static let byteOffset: UInt8 = 0x30")
    sw.append("  /// Stage 1: two base-64 digits (high, low) per block of 128 code points -> block index.")
    sw.append("  static let stage1: StaticString = \"\"\"")
    sw.append(multiline(lit(s1, 0x30)))
    sw.append("    \"\"\"")
    sw.append("  /// Stage 2: %d blocks of 128 class ids." % nb)
    sw.append("  static let stage2: StaticString = \"\"\"")
    sw.append(multiline(lit(s2, 0x30)))
    sw.append("    \"\"\"")
    sw.append("  /// Simple lowercase mapping as the model's `java_lower` computes it: sorted (from, to).")
    sw.append("  static let lowerFrom: [UInt32] = [")
    items = sorted(lower.items())
    for i in range(0, len(items), 8):
        sw.append("    " + " ".join("0x%X," % a for a, _ in items[i:i + 8]))
    sw.append("  ]")
    sw.append("  static let lowerTo: [UInt32] = [")
    for i in range(0, len(items), 8):
        sw.append("    " + " ".join("0x%X," % b for _, b in items[i:i + 8]))
    sw.append("  ]")
    sw.append("  /// Half-width katakana U+FF65...U+FF9F -> full-width (CJKWidthFilter).")
    sw.append("  static let kanaNorm: [UInt16] = [")
    for i in range(0, len(M._KANA_NORM), 10):
        sw.append("    " + " ".join("0x%04X," % v for v in M._KANA_NORM[i:i + 10]))
    sw.append("  ]")
    for nm, t in (("voiced", voiced), ("semiVoiced", half)):
        # index = prev - 0x30A6 (0x30A6...0x30FD), 0 = no composition
        arr = [t.get(c, 0) for c in range(0x30A6, 0x30FE)]
        sw.append("  /// Katakana U+30A6...U+30FD + %s mark -> composed code point (0 = none)." % nm)
        sw.append("  static let %s: [UInt16] = [" % nm)
        for i in range(0, len(arr), 10):
            sw.append("    " + " ".join("0x%04X," % v for v in arr[i:i + 10]))
        sw.append("  ]")
    sw.append("}")
    out = os.path.join(ROOT, "Sources", "Tokenize", "UnicodeTables.swift")
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(sw) + "\n")
    print("classes", len(classes), "blocks", nb, "lower", len(lower), "->", out)


if __name__ == "__main__":
    main()
