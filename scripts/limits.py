#!/usr/bin/env python3
"""Reports Swift source files over 400 lines and functions over 80 lines.

Usage: scripts/limits.py [DIR ...]   (default: Sources)
Exits 1 when anything is over; the generated Unicode and folding tables are exempt.
"""
import os
import re
import sys

FILE_LIMIT = 400
FUNCTION_LIMIT = 80
EXEMPT = {"UnicodeTables.swift", "ScriptFoldingTable.swift"}
DECL = re.compile(r"\b(func|init|deinit|subscript)\b[^{]*$|\b(func|init|subscript)\b.*\{\s*$")


def strip(line):
    """Removes string literals and line comments so braces inside them do not count."""
    line = re.sub(r'"(?:\\.|[^"\\])*"', '""', line)
    return line.split("//", 1)[0]


def functions(lines):
    depth = 0
    stack = []  # (start line, depth at which the body opened)
    pending = None
    for number, raw in enumerate(lines, 1):
        line = strip(raw)
        if pending is None and re.search(r"\b(func|init|deinit|subscript)\b", line) and not re.search(r"\bprotocol\b", line):
            pending = number
        for ch in line:
            if ch == "{":
                depth += 1
                if pending is not None:
                    stack.append((pending, depth))
                    pending = None
            elif ch == "}":
                if stack and stack[-1][1] == depth:
                    start, _ = stack.pop()
                    yield start, number - start + 1
                depth -= 1
        if pending is not None and line.rstrip().endswith(("}", ")")) and "{" not in line and number - pending > 6:
            pending = None


def main():
    roots = sys.argv[1:] or ["Sources"]
    over = 0
    for root in roots:
        for folder, _, names in os.walk(root):
            for name in sorted(names):
                if not name.endswith(".swift") or name in EXEMPT:
                    continue
                path = os.path.join(folder, name)
                with open(path, encoding="utf-8") as handle:
                    lines = handle.read().split("\n")
                if len(lines) - 1 > FILE_LIMIT:
                    print(f"{path}: {len(lines) - 1} lines (limit {FILE_LIMIT})")
                    over += 1
                for start, length in functions(lines):
                    if length > FUNCTION_LIMIT:
                        print(f"{path}:{start}: function of {length} lines (limit {FUNCTION_LIMIT})")
                        over += 1
    sys.exit(1 if over else 0)


main()
