#!/usr/bin/env python3
"""seeds.py - write the hand-made seed inputs of fuzz/corpus/NAME/seed-*.

    python3 fuzz/seeds.py            (from the repository root)

The seeds give each fuzz target a start in every format it reads: the
examples of tests/spec/*.txt and examples/ for extraction, then JSONL
files, web pages and WARC archives made up here, good and broken,
compressed and not, and store operations. All the text is invented. The first byte (two for
extraction) of each seed holds the target's settings; see the comment at
the top of each fuzz_NAME.c. Inputs that the fuzzers found are kept next
to these under their own names (libFuzzer's hashes, crash-*); running this
again only rewrites the seed-* files.
"""
import glob
import gzip
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "fuzz", "corpus")


def write(target, name, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)


def zstd(data):
    if shutil.which("zstd") is None:
        return None
    return subprocess.run(["zstd", "-q", "-c"], input=data, stdout=subprocess.PIPE,
                          check=True).stdout


# ---- extraction -----------------------------------------------------------

def spec_examples():
    """The input of each example block in tests/spec/*.txt."""
    fence = "`" * 32 + " example"
    for path in sorted(glob.glob(os.path.join(ROOT, "tests", "spec", "*.txt"))):
        lines = open(path, encoding="utf-8").read().split("\n")
        i = 0
        while i < len(lines):
            if lines[i].strip() == fence:
                j = i + 1
                body = []
                while j < len(lines) and lines[j] != ".":
                    body.append(lines[j])
                    j += 1
                yield os.path.basename(path)[:-4], "\n".join(body)
                i = j
            i += 1


# Option bytes of fuzz_extract.c, cycled through the examples so that each
# flag starts with some coverage.
EXTRACT_OPTS = [0x00, 0x01, 0x02, 0x04, 0x08, 0x21, 0x10, 0x00, 0x03, 0x20]

EXTRACT_EXTRA = {
    "bom": "\ufeff\"We are ready,\" said Ana Ruiz.\n",
    "crlf": "\"One,\" said Tom Oduya.\r\n\r\n\"Two,\" he added.\r\n",
    "lone-cr": "\"One,\" said Tom Oduya.\r\"Two,\" he added.\r",
    "nested": "“She told me, ‘Never again,’ and left,” said Dale Pruitt.",
    "unmatched": "“Open “open “open and never closed, said Lena Ortiz",
    "straight-run": '"' * 64,
    "apostrophes": "Lumet's '90s rock 'n' roll, the voters' message, don't.",
    "backticks": "``We will see,'' said Priya Raman.",
    "brackets": "\"[Ortiz] was right,\" said Tom Oduya. [[[[(((( ))))]]]]",
    "dash": "\"We will not back down.\" — Commissioner Jane Doe\n\"Never.\" -Jane Doe",
    "colon": "Ortiz stepping aside: \"It is time.\"\nThe mayor's office said:\n\"We are reviewing it.\"",
    "indirect": "Ortiz said the plan would fail. According to Raman, it will not.",
    "thoughts": "Ortiz believes that the plan will fail, and Raman fears it.",
    "guillemets": "«Nous verrons», a dit Marie Curie. ‹Oui›, „Ja“, ‚ja‘.",
    "multi-paragraph": "“First paragraph, said Ann Lee.\n\n“Second paragraph.”\n",
    "tweet": "Big news: \"We won.\" — City News (@CityNews) May 1, 2024",
}

EXTRACT_BYTES = {
    "nul": b"\"Nul \x00 here,\" said Tom Oduya.",
    "bad-utf8": b"\"Bad \xff\xfe bytes \xc0\xaf,\" said Tom Oduya. \xed\xa0\x80 \xf4\x90\x80\x80",
    "cut-utf8": b"\"Cut at the end,\" said Tom Oduya \xe2\x80",
    "every-other": bytes(b for c in b'"Hello," said Ann Lee.' for b in (c, 0xFF)),
}


def extract_seeds():
    for n, (name, text) in enumerate(spec_examples()):
        opt = EXTRACT_OPTS[n % len(EXTRACT_OPTS)]
        write("extract", "%s-%03d" % (name, n), bytes([opt, (n * 37) & 255]) + text.encode())
    for path in sorted(glob.glob(os.path.join(ROOT, "examples", "*.txt"))):
        name = os.path.basename(path)[:-4]
        write("extract", "example-" + name, b"\x00\x07" + open(path, "rb").read())
    for name, text in EXTRACT_EXTRA.items():
        write("extract", name, b"\x00\x05" + text.encode())
    for name, data in EXTRACT_BYTES.items():
        write("extract", name + "-repair", b"\x00\x03" + data)
        write("extract", name + "-strict", b"\x01\x03" + data)


# ---- JSONL ----------------------------------------------------------------

GOOD = [
    b'{"id": "a1", "text": "\\"The plan works,\\" said Tom Oduya. He said it twice.", '
    b'"url": "https://example.test/a1", "meta": {"date": "2024-05-01"}}',
    b'{"id": 17, "text": "\\u201cWe are ready,\\u201d Lena Ortiz told reporters."}',
    b'{"id": null, "text": "According to Priya Raman, the bridge is safe."}',
]
NESTED = [
    b'{"meta": {"id": "n1", "date": "2024-05-02"}, "article": {"body": '
    b'"\\"Yes,\\" said Ann Lee.\\n\\n\\"No,\\" she added."}, "url": "u"}',
    b'{"meta": {"id": "n2"}, "article": {"body": 5}}',
    b'{"meta": "flat", "article": {}}',
]
BAD = [
    b'{"id": "broken", "text": "no closing brace"',
    b'{"id": "notext", "body": "\\"Hello,\\" she said."}',
    b'{"id": "number", "text": 42}',
    b'{"id": ["list"], "text": "An id that is a list."}',
    b'{"id": "latin1", "text": "\\"Caf\xe9 prices rise,\\" said Ana Ruiz."}',
    b'{"id": "nul", "text": "\\"Nul \\u0000 inside,\\" said Ana Ruiz."}',
    b'{"id": "surrogate", "text": "\\ud800 alone"}',
    b'[1, 2, 3]',
    b'"just a string"',
    b'{"id": "dup", "text": "\\"First,\\" said Tom Oduya."}',
    b'{"id": "dup", "text": "\\"Second,\\" said Tom Oduya."}',
    b'{"id": "long", "text": "' + b"word " * 80 + b'"}',
    b'{"id": "deep", "text": "x", "junk": ' + b"[" * 64 + b"]" * 64 + b"}",
    b'{"id": "a", "id": "b", "text": "Two ids."}',
]


def jsonl_seeds():
    good = b"\n".join(GOOD) + b"\n"
    mixed = b"\n".join(GOOD[:1] + BAD + GOOD[1:]) + b"\n"
    write("jsonl", "good", b"\x20" + good)
    write("jsonl", "good-extras-text", b"\x34" + good)
    write("jsonl", "nested", b"\x22" + b"\n".join(NESTED) + b"\n")
    write("jsonl", "nested-extras", b"\x26" + b"\n".join(NESTED))
    write("jsonl", "bad-lines", b"\x20" + mixed)
    write("jsonl", "bad-lines-repair-small", b"\x29" + mixed)
    write("jsonl", "bad-lines-text-format", b"\x10" + mixed)
    write("jsonl", "blank-crlf", b"\x20" + b"\r\n \t\r\n" + GOOD[0] + b"\r\n\f\v\n" + GOOD[1])
    write("jsonl", "no-newline", b"\x00" + GOOD[0])
    write("jsonl", "empty", b"\x00")
    write("jsonl", "bom", b"\x20\xef\xbb\xbf" + good)
    write("jsonl", "gzip", b"\x20" + gzip.compress(mixed, mtime=0))
    cut = gzip.compress(mixed * 4, mtime=0)
    write("jsonl", "gzip-cut", b"\x20" + cut[: len(cut) * 2 // 3])
    z = zstd(mixed)
    if z is not None:
        write("jsonl", "zstd", b"\x20" + z)
        write("jsonl", "zstd-cut", b"\x20" + z[: len(z) // 2])


# ---- HTML -----------------------------------------------------------------

PAGE = (b'<!DOCTYPE html><html><head><title>The Ledger</title>'
        b'<meta charset="utf-8"><style>p { color: red }</style>'
        b'<script>var said = "nobody";</script></head><body>'
        b'<nav><a href="/">Home</a></nav><article><h1>Bridge vote</h1>'
        b'<p>&ldquo;We owe the Eastside a bridge,&rdquo; said Jos&eacute; Pe&ntilde;a.</p>'
        b'<p>The mayor said she would sign it.<br>&quot;It is not free,&quot; she said.</p>'
        b'<table><tr><td>a</td><td>b</td></tr></table>'
        b'<blockquote>"Nobody pays," said Rita Feld.</blockquote></article>'
        b'<aside>Ads</aside><footer>All rights reserved</footer></body></html>')


def html_seeds():
    write("html", "page", b"\x00" + PAGE)
    write("html", "page-strict", b"\x08" + PAGE)
    write("html", "unclosed", b"\x00<html><body><div><p><b><i>\"Open,\" said Ann Lee"
          b"<p><ul><li>one<li>two<table><tr><td>cell<script>never closed")
    write("html", "stray-ends", b"\x00</p></div></script></style></body>text\"Hi,\" he said.</html>")
    write("html", "latin1-meta", b"\x08<html><head><meta http-equiv=\"Content-Type\" "
          b"content=\"text/html; charset=iso-8859-1\"></head><body><p>\"Caf\xe9,\" she said.</p>")
    write("html", "latin1-http", b"\x0a<p>\"Caf\xe9 cr\xe8me,\" said Zo\xeb Martin.</p>")
    write("html", "lying-utf8", b"\x09<p>\"Caf\xe9,\" she said.</p>")
    write("html", "utf16", b"\x04" + "<p>\u201cYes,\u201d said Ann Lee.</p>".encode("utf-16"))
    write("html", "sjis", b"\x05<p>" + "「はい」と彼は言った。".encode("shift_jis") + b"</p>")
    write("html", "unknown-charset", b"\x0f<p>\"Hi,\" said Ann Lee.</p>")
    write("html", "entities", b"\x00<p>&#0; &#xD800; &#x110000; &amp &lt;&gt; &#8220;Hi&#8221; "
          b"&nosuch; &#65;</p>")
    write("html", "nul-bytes", b"\x00<p>\"Nul\x00 here,\" said Ann\x00 Lee.</p>")
    write("html", "comments-cdata", b"\x00<!-- a --><p>x<![CDATA[ y ]]></p><?php echo 1; ?>"
          b"<!DOCTYPE x><svg><text>no</text></svg><pre>  keep\n  this</pre>")
    write("html", "deep", b"\x00" + b"<div>" * 300 + b"\"Deep,\" he said." + b"</div>" * 300)
    write("html", "xhtml", b"\x00<?xml version=\"1.0\" encoding=\"utf-8\"?><html xmlns="
          b"\"http://www.w3.org/1999/xhtml\"><body><p>\"X,\" said Y Z.</p></body></html>")


# ---- WARC -----------------------------------------------------------------

def record(kind, uri, block, ctype, length=None):
    head = ["WARC/1.1", "WARC-Type: " + kind,
            "WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-%012d>" % len(block)]
    if uri:
        head.append("WARC-Target-URI: " + uri)
    head += ["Content-Type: " + ctype,
             "Content-Length: %d" % (len(block) if length is None else length)]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + block + b"\r\n\r\n"


def response(uri, ctype, body, extra=""):
    http = ("HTTP/1.1 200 OK\r\nContent-Type: %s\r\n%s\r\n" % (ctype, extra)).encode()
    return record("response", uri, http + body, "application/http; msgtype=response")


def chunked(data, size=40):
    parts = [b"%x\r\n%s\r\n" % (len(data[i:i + size]), data[i:i + size])
             for i in range(0, len(data), size)]
    return b"".join(parts) + b"0\r\n\r\n"


def warc_seeds():
    text = b'"The tide is late," said Pavel Novak.\n"Again," he added.\n'
    recs = [
        record("warcinfo", None, b"software: seeds.py\r\n", "application/warc-fields"),
        record("request", "https://x.test/a", b"GET /a HTTP/1.1\r\nHost: x.test\r\n\r\n",
               "application/http; msgtype=request"),
        response("https://x.test/a", "text/html; charset=utf-8", PAGE),
        response("<https://x.test/b>", "text/plain", chunked(gzip.compress(text, mtime=0)),
                 "Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n"),
        response("https://x.test/c", 'text/html; charset="ISO-8859-1"',
                 b'<p>"Caf\xe9," said Zo\xeb Martin.</p>'),
        response("https://x.test/d", "text/plain", b'"Bad \xff byte," said Ann Lee.\n'),
        response("https://x.test/e", "image/png", b"\x89PNG\r\n\x1a\n\x00\x01"),
        response("https://x.test/f", "text/plain", text, "Content-Encoding: br\r\n"),
        record("resource", "urn:x:log", b'"Not a document," said the crawler.', "text/plain"),
    ]
    plain = b"".join(recs)
    write("warc", "crawl", b"\x20" + plain)
    write("warc", "crawl-repair-small", b"\x29" + plain)
    write("warc", "crawl-text-format", b"\x10" + plain)
    per_record = b"".join(gzip.compress(r, mtime=0) for r in recs)
    write("warc", "crawl-gzip", b"\x20" + per_record)
    write("warc", "cut", b"\x20" + plain[: len(plain) - 25])
    write("warc", "cut-gzip", b"\x20" + per_record[: len(per_record) - 20])
    z = zstd(plain)
    if z is not None:
        write("warc", "crawl-zstd", b"\x20" + z)
    write("warc", "no-length", b"\x20WARC/1.0\r\nWARC-Type: response\r\n\r\nno length")
    write("warc", "garbage", b"\x20GET / HTTP/1.1\r\nHost: x\r\n\r\n\x00\x01\x02")
    write("warc", "long-length", b"\x20" + record("response", "https://x.test/g", b"HTTP/1.1 200 OK\r\n",
                                                "application/http", length=99999999))
    write("warc", "no-http-end", b"\x20" + record("response", "https://x.test/h",
                                                 b"HTTP/1.1 200 OK\r\nContent-Type: text/plain",
                                                 "application/http"))
    write("warc", "gzip-bad-payload", b"\x20" + response("https://x.test/i", "text/plain",
                                                        b"\x1f\x8b\x08\x00garbage",
                                                        "Content-Encoding: gzip\r\n"))
    write("warc", "bad-chunks", b"\x20" + response("https://x.test/j", "text/plain",
                                                  b"zz\r\nabc\r\n5\r\nab",
                                                  "Transfer-Encoding: chunked\r\n"))
    write("warc", "unchunk", b"\x80" + chunked(b"Hello, world. " * 5, 7))
    write("warc", "unchunk-ext", b"\x804;ext=1\r\nabcd\r\n0\r\nTrailer: x\r\n\r\n")
    write("warc", "unchunk-huge", b"\x80ffffffffffffffff\r\nabc")


# ---- the store --------------------------------------------------------------

def op(code, param, text):
    return bytes([code, param]) + (text.encode() if isinstance(text, str) else text)


def store_seeds():
    appeal = '"We will appeal the ruling to the Supreme Court," she said.'
    ops = [
        op(0, 0x21, appeal),                              # doc 0, speaker 1, dated
        op(0, 0x0a, appeal.upper()),                      # the same words, another doc
        op(1, 0x29, "We will appeal the ruling"),        # contained, same speaker
        op(1, 0x12, "We will appeal the ruling"),        # contained, another speaker
        op(0, 0x63, "\ufb01nal \u212b words, \u00bd done"),  # NFKC changes these
        op(3, 0x00, "appeal"),
        op(3, 0x01, 'appeal OR "ruling'),
        op(2, 0x00, ""),                                  # doc 0 goes
        op(3, 0x00, "NEAR(appeal ruling, 2)"),
        op(0, 0x00, ""),                                  # an empty quote
        op(0, 0x00, "..., !!!"),                          # a key of nothing
    ]
    write("store", "basic", b"\xff".join(ops))
    long = "The council will not raise taxes this year or next, whatever the state does"
    write("store", "contained", b"\xff".join([
        op(0, 0x09, long), op(0, 0x11, long[4:60]), op(1, 0x09, long[10:50]),
        op(0, 0x0b, long + " about it."), op(2, 0x01, ""), op(2, 0x03, ""),
        op(3, 0x01, "council NOT taxes"), op(3, 0x00, "tax*"), op(3, 0x00, "text:council"),
        op(3, 0x00, "^council"), op(3, 0x00, "\"unterminated"), op(3, 0x00, "AND OR NOT"),
        op(3, 0x00, "(((council"), op(3, 0x00, "*"), op(3, 0x00, "nosuchcolumn:x")]))
    write("store", "bad-bytes", b"\xff".join([
        op(0, 0x08, b"\"Caf\xe9 \xc3\xa9t\xc3\xa9,\" said Ana Ruiz \x00 \xed\xa0\x80"),
        op(3, 0x00, b"caf\xe9"), op(0, 0x08, "\u200b\u200d\ufeffzero\u00adwidth")]))


def main():
    if not os.path.isdir(os.path.join(ROOT, "tests", "spec")):
        sys.exit("seeds.py: run from a quoth checkout")
    for old in glob.glob(os.path.join(CORPUS, "*", "seed-*")):
        os.remove(old)
    extract_seeds()
    jsonl_seeds()
    html_seeds()
    warc_seeds()
    store_seeds()


if __name__ == "__main__":
    main()
