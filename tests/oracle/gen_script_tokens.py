"""Tokens of the AST corpus snippets from Python's tokenize module, for the script lexer's tests.

    /usr/bin/python3 tests/oracle/gen_script_tokens.py   (after gen_script_ast.py)

Writes tests/script/fixtures/tokens.json: [{"src", "tokens": [[type, string, line, col, endLine, endCol]]}]
for the NAME, NUMBER, STRING and OP tokens, with 1-based code-point columns
(endCol just past the token), and "layout": the sequence of NEWLINE, INDENT
and DEDENT tokens. Comments and non-logical newlines (COMMENT, NL) are not
tokens for the parser, and the pure-Python tokenize module places
NEWLINE/INDENT/DEDENT slightly differently from the C tokenizer, so only
their order is recorded.
"""

import io
import json
import os
import sys
import tokenize

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "script", "fixtures")

KEEP = {tokenize.NAME: "NAME", tokenize.NUMBER: "NUMBER", tokenize.STRING: "STRING", tokenize.OP: "OP"}
LAYOUT = {tokenize.NEWLINE: "NEWLINE", tokenize.INDENT: "INDENT", tokenize.DEDENT: "DEDENT"}


def tokens_of(src):
    text = src.replace("\r\n", "\n")
    kept, layout = [], []
    for t in tokenize.generate_tokens(io.StringIO(text).readline):
        if t.type in KEEP:
            kept.append([KEEP[t.type], t.string, t.start[0], t.start[1] + 1, t.end[0], t.end[1] + 1])
        elif t.type in LAYOUT:
            layout.append(LAYOUT[t.type])
    return kept, layout


def main():
    assert sys.version_info[:2] == (3, 11), "the fixtures describe CPython 3.11"
    with open(os.path.join(FIXTURES, "ast_corpus.json"), encoding="utf-8") as f:
        sources = [c["src"] for c in json.load(f)["cases"]]
    cases = []
    for src in sources:
        kept, layout = tokens_of(src)
        cases.append({"src": src, "tokens": kept, "layout": layout})
    with open(os.path.join(FIXTURES, "tokens.json"), "w", encoding="utf-8") as f:
        json.dump({"generator": "tests/oracle/gen_script_tokens.py", "python_version": sys.version.split()[0],
                   "cases": cases}, f, ensure_ascii=True)
        f.write("\n")
    print(f"wrote {len(cases)} cases to {os.path.relpath(os.path.join(FIXTURES, 'tokens.json'))}")


if __name__ == "__main__":
    main()
