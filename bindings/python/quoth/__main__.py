"""``python3 -m quoth [extract] [OPTIONS] [FILE...]``: the quoth command in Python.

The same options, output (JSONL byte for byte, and the text listing), error
reports and exit statuses as cli/extract.c, over the binding. The command
line is parsed by hand rather than with argparse so that it accepts and
rejects exactly what the C command does.
"""
from __future__ import annotations

import errno
import os
import re
import sys
from typing import IO, List, Optional, Sequence

from ._core import Error, ErrorRecord, Extractor, Quote, version
from ._inputs import _file_documents

EXIT_OK, EXIT_BAD_INPUT, EXIT_USAGE, EXIT_SYSTEM = 0, 1, 2, 3
TEXT_WIDTH, INDENT, HANG = 80, 2, 6

USAGE = """\
Usage: python3 -m quoth [extract] [OPTIONS] [FILE...]

Find quotations (who said what) in news text. With no FILE, or when FILE
is -, read standard input. The same command as `quoth`, run through the
Python binding.

Input:
  --input text|jsonl   text: each FILE is one document whose id is the FILE
                       name as given ("-" for standard input). jsonl: one
                       JSON object per line, one document each; blank lines
                       are skipped. Default: jsonl for names ending in .jsonl
                       or .ndjson, text otherwise (and for standard input).
  --id-field NAME      JSONL field with the document id (default "id"). A
                       number is printed as written ("1.50"); a missing or
                       null id gives "doc":null. A dotted NAME reaches into
                       nested objects: "meta.id".
  --text-field NAME    JSONL field with the text (default "text"); dotted
                       NAMEs as for --id-field.
  --max-doc-bytes N    largest document in bytes: a longer text file or JSONL
                       line is reported as an error and skipped unread.
                       Suffixes K, M, G multiply by 1024, 1024^2, 1024^3;
                       0 means no limit. Default 16M.
  --strict-utf8        report a document holding invalid UTF-8 or a NUL byte
                       as an error (the default)
  --repair-utf8        extract from it anyway, reading each bad byte as
                       U+FFFD; offsets stay those of the input bytes

Extraction:
  --no-indirect        report only quotations between quote marks (direct
                       and mixed), no reported speech
  --min-confidence X   leave out quotations whose confidence is below X
                       (0 to 1, default 0)

Output:
  --format jsonl|text  jsonl: one JSON object per quotation, one per line;
                       text: a listing per document for reading. Default:
                       text when standard output is a terminal, else jsonl.
  -h, --help           print this help and exit
  -V, --version        print the version of libquoth and exit

A document that cannot be read or parsed is skipped and reported on
standard error as "quoth: FILE:LINE: message" and, in jsonl format, by a
record {"type":"error","doc":ID,"line":N,"message":"..."} on standard output.

Exit status: 0 every document was processed; 1 some documents were
reported as errors; 2 bad command line; 3 the output could not be written.
"""

# name -> (short name, takes a value)
OPTIONS = {
    "help": ("h", False), "version": ("V", False), "input": (None, True),
    "format": (None, True), "id-field": (None, True), "text-field": (None, True),
    "max-doc-bytes": (None, True), "strict-utf8": (None, False),
    "repair-utf8": (None, False), "no-indirect": (None, False),
    "min-confidence": (None, True),
}
SHORT = {v[0]: k for k, v in OPTIONS.items() if v[0]}


class Usage(Exception):
    pass


def parse_size(s: str) -> int:
    m = re.fullmatch(r"([0-9]+)([kKmMgG]?)", s)
    if not m:
        raise ValueError(s)
    return int(m.group(1)) << {"": 0, "k": 10, "m": 20, "g": 30}[m.group(2).lower()]


def parse_confidence(s: str) -> float:
    # What strtod() takes in decimal; Python's float() would also take "1_0".
    if not re.fullmatch(r"\s*[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?", s):
        raise ValueError(s)
    x = float(s)
    if not 0.0 <= x <= 1.0:
        raise ValueError(s)
    return x


class Settings:
    def __init__(self) -> None:
        self.input: Optional[str] = None
        self.format: Optional[str] = None
        self.id_field = "id"
        self.text_field = "text"
        self.max_doc_bytes = 16 << 20
        self.strict_utf8 = True   # the command is strict unless told to repair
        self.no_indirect = False
        self.min_confidence = 0.0
        self.files: List[str] = []


def bad_value(option: str, value: str, expected: str) -> Usage:
    return Usage("quoth: bad value '%s' for --%s: expected %s" % (value, option, expected))


def parse_args(argv: Sequence[str]) -> Optional[Settings]:
    """Settings, or None after --help/--version. Raises Usage."""
    s = Settings()
    args = list(argv)
    operands_only = False
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if operands_only or not arg.startswith("-") or arg == "-":
            s.files.append(arg)
            continue
        if arg == "--":
            operands_only = True
            continue
        inline = None
        if arg.startswith("--"):
            name, eq, rest = arg[2:].partition("=")
            inline = rest if eq else None
            if name not in OPTIONS:
                raise Usage("quoth: unknown option '%s'" % arg)
        elif len(arg) == 2 and arg[1] in SHORT:
            name = SHORT[arg[1]]
        else:
            raise Usage("quoth: unknown option '%s'" % arg)
        takes_value = OPTIONS[name][1]
        if not takes_value and inline is not None:
            raise Usage("quoth: option '--%s' takes no value" % name)
        value = inline
        if takes_value and value is None:
            if i >= len(args):
                raise Usage("quoth: option '%s' needs a value" % arg)
            value = args[i]
            i += 1
        if name == "help":
            sys.stdout.write(USAGE)
            return None
        if name == "version":
            sys.stdout.write("quoth %s\n" % version())
            return None
        if name == "strict-utf8":
            s.strict_utf8 = True
        elif name == "repair-utf8":
            s.strict_utf8 = False
        elif name == "no-indirect":
            s.no_indirect = True
        elif name in ("input", "format"):
            if value not in ("text", "jsonl"):
                raise bad_value(name, value or "", "text or jsonl")
            setattr(s, name, value)
        elif name in ("id-field", "text-field"):
            if not value:
                raise bad_value(name, value or "", "a field name")
            setattr(s, name.replace("-", "_"), value)
        elif name == "max-doc-bytes":
            try:
                s.max_doc_bytes = parse_size(value or "")
            except ValueError:
                raise bad_value(name, value or "", "a byte count such as 65536, 512K or 16M")
        elif name == "min-confidence":
            try:
                s.min_confidence = parse_confidence(value or "")
            except ValueError:
                raise bad_value(name, value or "", "a number from 0 to 1")
    return s


# ---- the text listing (cli/output.c) ----------------------------------------

_SPACE_RUN = re.compile(r"[ \t\n\v\f\r]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def clean(s: str) -> str:
    """Whitespace runs to one space, trimmed; control characters to U+FFFD."""
    return _CONTROL.sub("\ufffd", _SPACE_RUN.sub(" ", s).strip(" "))


def wrap(line: str, width: int = TEXT_WIDTH) -> str:
    out = [" " * INDENT]
    col, on_line = INDENT, 0
    for word in line.split(" "):
        if not word:
            continue
        if on_line > 0 and col + 1 + len(word) > width:
            out.append("\n" + " " * HANG)
            col, on_line = HANG, 0
        if on_line > 0:
            out.append(" ")
            col += 1
        out.append(word)
        col += len(word)
        on_line += 1
    out.append("\n")
    return "".join(out)


def text_quote(q: Quote) -> str:
    if q.speaker:
        who = clean(q.speaker)
    elif q.mention is not None:
        who = clean(q.mention.text)
    else:
        who = "?"
    line = "[%s] %s" % (q.kind, who)
    if q.cue is not None and any(c.isascii() and c.isalnum() for c in q.cue.text):
        line += " (%s)" % clean(q.cue.text)
    line += ': "%s"' % clean(q.text)
    return wrap(line)


def text_heading(doc: Optional[str], n: int) -> str:
    return "%s: %d quote%s\n" % ("(no id)" if doc is None else clean(doc), n,
                                 "" if n == 1 else "s")


# ---- the command -------------------------------------------------------------

def run(s: Settings, out: IO[str]) -> int:
    text_format = s.format == "text" or (s.format is None and out.isatty())
    x = Extractor(strict_utf8=s.strict_utf8, no_indirect=s.no_indirect,
                  min_confidence=s.min_confidence, max_doc_bytes=s.max_doc_bytes)
    bad = 0
    listed = 0
    for path in s.files or ["-"]:
        for d in _file_documents(path, x, s.input, s.id_field, s.text_field):
            if isinstance(d, ErrorRecord):
                where = d.file if d.line is None else "%s:%d" % (d.file, d.line)
                sys.stderr.write("quoth: %s: %s\n" % (where, d.message))
                if not text_format:
                    out.write(d.to_json() + "\n")
                bad += 1
            elif text_format:
                doc, quotes = d
                out.write(("\n" if listed else "") + text_heading(doc, len(quotes)))
                out.write("".join(text_quote(q) for q in quotes))
                listed += 1
            else:
                out.write("".join(q.to_json() + "\n" for q in d[1]))
    out.flush()
    return EXIT_BAD_INPUT if bad else EXIT_OK


def main(argv: Optional[Sequence[str]] = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "extract":
        argv = argv[1:]
    try:
        settings = parse_args(argv)
    except Usage as e:
        sys.stderr.write("%s\nTry 'python3 -m quoth --help' for more information.\n" % e)
        return EXIT_USAGE
    if settings is None:
        return EXIT_OK
    # Binary-safe, byte-exact output: UTF-8 with "\n" whatever the locale.
    out = open(sys.stdout.fileno(), "w", encoding="utf-8", newline="\n", closefd=False,
               buffering=1 << 16)
    try:
        return run(settings, out)
    except BrokenPipeError:
        # A reader that went away (`python3 -m quoth ... | head`) is no news.
        try:
            sys.stdout = None  # type: ignore[assignment]
            os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
        except OSError:
            pass
        return EXIT_SYSTEM
    except OSError as e:
        if e.errno == errno.EPIPE:
            return EXIT_SYSTEM
        sys.stderr.write("quoth: cannot write output: %s\n" % e.strerror)
        return EXIT_SYSTEM
    except Error as e:
        sys.stderr.write("quoth: cannot start the extractor: %s\n" % e)
        return EXIT_SYSTEM
    finally:
        try:
            out.close()
        except OSError:
            pass


if __name__ == "__main__":
    sys.exit(main())
