"""Reading the CLI's inputs in Python: text files and JSONL.

Why not run the `quoth` binary and parse its output? Because the CLI's
JSON carries byte offsets only, and the code-point offsets this binding
promises need the document text, which the output does not include. Reading
text and JSONL here keeps one extraction path (the library, with the GIL
released) for extract() and extract_file() alike, and needs no binary. The
price: each input format the CLI gains needs a counterpart here. The rules
below copy cli/extract.c and cli/jsonl.c (document ids, blank lines, size
limits, UTF-8 checks, error records), and tests/python/ checks the results
against the CLI's on the same files.

The one known difference: for a line that is not valid JSON, the message
after "invalid JSON" is Python's description, not the command's.
"""
from __future__ import annotations

import json
import os
import re
import sys
from typing import (IO, Any, Iterable, Iterator, List, Optional, Tuple, Union)

from . import _native as N
from ._core import REPLACE, ErrorRecord, Extractor, Quote

__all__ = ["extract_file", "extract_jsonl"]

PathLike = Union[str, "os.PathLike[str]"]
Item = Union[Quote, ErrorRecord]
# One document's outcome: (doc id, its quotes) or an error record.
DocResult = Union[Tuple[Optional[str], List[Quote]], ErrorRecord]

_ERRORS = ("raise", "yield", "ignore")
_BLANK = b" \t\r\f\v"
_JSONL_SUFFIXES = (".jsonl", ".ndjson")
_INT_MIN, _UINT_MAX = -(1 << 63), (1 << 64) - 1  # json-c's integers


class _BadJSON(ValueError):
    pass


class _Real:
    """A real number as the line wrote it, which is how json-c prints a
    real id ("1.50", "1e400")."""
    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


def _parse_int(s: str) -> int:
    v = int(s)
    if not _INT_MIN <= v <= _UINT_MAX:
        raise _BadJSON("an integer beyond 64 bits")
    return v


def _parse_constant(s: str) -> Any:
    raise _BadJSON("invalid token near '%s'" % s)


# The same JSON as the command reads: no NaN/Infinity, integers from -2^63
# to 2^64-1, reals as written, no lone surrogates (checked after decoding).
_decoder = json.JSONDecoder(parse_int=_parse_int, parse_float=_Real,
                            parse_constant=_parse_constant)
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


_MISSING = object()


def _lookup(obj: Any, path: str) -> Any:
    """The value at a dotted path, or _MISSING (jsonl.c's lookup())."""
    for part in path.split("."):
        if not isinstance(obj, dict) or part not in obj:
            return _MISSING
        obj = obj[part]
    return obj


def _record(line: bytes, lineno: int, source: Optional[str], x: Extractor,
            id_field: str, text_field: str) -> DocResult:
    """One JSONL line (without its newline) -> its quotes or an error."""
    def error(doc: Optional[str], message: str) -> ErrorRecord:
        return ErrorRecord(doc, lineno, message, source)

    try:
        s = line.decode("utf-8")
    except UnicodeDecodeError as e:
        if x.strict_utf8:
            _, col = N.locate(line, e.start)
            return error(None, "invalid UTF-8 at column %d (byte %d)" % (col, e.start))
        s = line.decode("utf-8", REPLACE)  # as cli_utf8_repair(), byte by byte
    try:
        obj = _decoder.decode(s)
        if _SURROGATE_ESCAPE.search(s):
            try:
                json.dumps(obj, ensure_ascii=False).encode("utf-8")
            except UnicodeEncodeError:
                raise _BadJSON("invalid Unicode escape (a lone surrogate)") from None
    except json.JSONDecodeError as e:
        return error(None, "invalid JSON at column %d: %s" % (e.colno, e.msg))
    except (_BadJSON, ValueError, RecursionError) as e:
        return error(None, "invalid JSON: %s" % e)
    if not isinstance(obj, dict):
        return error(None, "the line is not a JSON object")

    raw_id = _lookup(obj, id_field)
    if raw_id is _MISSING or raw_id is None:
        doc = None
    elif isinstance(raw_id, str):
        doc = raw_id
    elif isinstance(raw_id, bool):
        return error(None, 'the "%s" field is not a string or a number' % id_field)
    elif isinstance(raw_id, int):
        doc = str(raw_id)
    elif isinstance(raw_id, _Real):
        doc = raw_id.text
    else:
        return error(None, 'the "%s" field is not a string or a number' % id_field)

    text = _lookup(obj, text_field)
    if text is _MISSING:
        return error(doc, 'no "%s" field' % text_field)
    if not isinstance(text, str):
        return error(doc, 'the "%s" field is not a string' % text_field)

    quotes, failure = x._extract(text, doc)
    if failure is None:
        return doc, quotes
    if failure.code == N.QUOTH_EUTF8:
        ln, col = failure.locate()
        return error(doc, "%s in the text at line %d, column %d (byte %d)"
                     % (failure.message, ln, col, failure.byte_offset))
    return error(doc, failure.message)


def _check(errors: str) -> None:
    if errors not in _ERRORS:
        raise ValueError("errors must be one of %s, not %r" % (", ".join(_ERRORS), errors))


def _flatten(docs: Iterable[DocResult], errors: str) -> Iterator[Item]:
    for d in docs:
        if isinstance(d, ErrorRecord):
            if errors == "raise":
                raise d.to_error()
            if errors == "yield":
                yield d
        else:
            yield from d[1]


def _make_extractor(options: Any) -> Extractor:
    options = dict(options)
    options.setdefault("strict_utf8", True)  # the CLI's rule: report and skip
    return Extractor(**options)


# ---- JSONL from any iterable of lines --------------------------------------

def _jsonl_documents(lines: Iterable[Union[bytes, str, None]], source: Optional[str],
                     first_line: int, x: Extractor, id_field: str,
                     text_field: str) -> Iterator[DocResult]:
    limit = x.max_doc_bytes
    for lineno, line in enumerate(lines, first_line):
        if line is None:  # a line the reader skipped as too long
            yield ErrorRecord(None, lineno, "the line is longer than --max-doc-bytes (%d bytes)"
                              % limit, source)
            continue
        if isinstance(line, str):
            line = line.encode("utf-8", "surrogateescape")
        if line.endswith(b"\n"):
            line = line[:-1]
        if limit and len(line) > limit:
            yield ErrorRecord(None, lineno, "the line is longer than --max-doc-bytes (%d bytes)"
                              % limit, source)
        elif line.strip(_BLANK):
            yield _record(line, lineno, source, x, id_field, text_field)


def extract_jsonl(lines: Iterable[Union[bytes, str]], *, source: Optional[str] = None,
                  first_line: int = 1, id_field: str = "id", text_field: str = "text",
                  errors: str = "raise", **options: Any) -> Iterator[Item]:
    """Extract from JSONL lines (bytes or str, with or without the newline),
    as ``quoth --input jsonl`` does: one JSON object per line, blank lines
    skipped, ids and texts taken from ``id_field``/``text_field`` (dotted
    names reach into nested objects).

    ``first_line`` numbers the first line for error records, and
    ``source`` names the input in them; both matter when ``lines`` is a
    slice of a larger file, as in a Dask or Spark partition. ``errors``
    and the options are those of ``extract_file``.
    """
    _check(errors)
    x = _make_extractor(options)
    return _flatten(_jsonl_documents(lines, source, first_line, x, id_field, text_field), errors)


# ---- files -----------------------------------------------------------------

def _read_lines(f: IO[bytes], limit: int) -> Iterator[Optional[bytes]]:
    """Lines without "\\n"; None for a line over `limit` bytes, which is
    skipped without being held in memory (as cli_reader_line())."""
    while True:
        line = f.readline(limit + 1) if limit else f.readline()
        if not line:
            return
        if line.endswith(b"\n"):
            yield line[:-1]
        elif limit and len(line) > limit:
            while True:
                chunk = f.readline(1 << 16)
                if not chunk or chunk.endswith(b"\n"):
                    break
            yield None
        else:
            yield line  # the last line, without a newline


def _text_document(data: bytes, name: str, x: Extractor) -> DocResult:
    quotes, failure = x._extract(data, name)
    if failure is None:
        return name, quotes
    if failure.code == N.QUOTH_EUTF8:
        ln, col = failure.locate()
        return ErrorRecord(name, ln, "%s at column %d (byte %d)"
                           % (failure.message, col, failure.byte_offset), name)
    return ErrorRecord(name, None, failure.message, name)


def _is_jsonl_name(name: str) -> bool:
    return any(len(name) > len(s) and name.endswith(s) for s in _JSONL_SUFFIXES)


def _file_documents(path: PathLike, x: Extractor, input: Optional[str], id_field: str,
                    text_field: str) -> Iterator[DocResult]:
    """Every document of one input, as cli/extract.c's extract_path()."""
    name = os.fsdecode(path)
    is_stdin = name == "-"
    kind = input or ("jsonl" if not is_stdin and _is_jsonl_name(name) else "text")
    if kind not in ("text", "jsonl"):
        raise ValueError("input must be 'text' or 'jsonl', not %r" % input)
    limit = x.max_doc_bytes
    f: Optional[IO[bytes]] = None
    try:
        try:
            f = sys.stdin.buffer if is_stdin else open(path, "rb")
        except IsADirectoryError as e:
            # fopen() opens a directory and the first read fails: say so.
            yield ErrorRecord(name, 1 if kind == "jsonl" else None,
                              "cannot read: %s" % e.strerror, name)
            return
        except OSError as e:
            yield ErrorRecord(name, None, "cannot open: %s" % e.strerror, name)
            return
        if kind == "text":
            try:
                data = f.read(limit + 1) if limit else f.read()
            except OSError as e:
                yield ErrorRecord(name, None, "cannot read: %s" % e.strerror, name)
                return
            if limit and len(data) > limit:
                yield ErrorRecord(name, None, "the document is longer than --max-doc-bytes "
                                  "(%d bytes)" % limit, name)
            else:
                yield _text_document(data, name, x)
            return
        try:
            yield from _jsonl_documents(_counting(_read_lines(f, limit)), name, 1, x,
                                        id_field, text_field)
        except _ReadError as e:
            yield ErrorRecord(name, e.lineno, "cannot read: %s" % e.strerror, name)
    finally:
        if f is not None and not is_stdin:
            f.close()


class _ReadError(Exception):
    def __init__(self, lineno: int, strerror: str) -> None:
        super().__init__(strerror)
        self.lineno = lineno
        self.strerror = strerror


def _counting(lines: Iterator[Optional[bytes]]) -> Iterator[Optional[bytes]]:
    """Pass lines through, turning a failed read into _ReadError with the
    number of the line that could not be read."""
    n = 0
    while True:
        try:
            line = next(lines)
        except StopIteration:
            return
        except OSError as e:
            raise _ReadError(n + 1, e.strerror or str(e)) from None
        n += 1
        yield line


def extract_file(path: PathLike, *, input: Optional[str] = None, id_field: str = "id",
                 text_field: str = "text", errors: str = "raise",
                 **options: Any) -> Iterator[Item]:
    """Iterate over the quotations of every document in ``path``, as the
    CLI reads it: ``quoth [--input text|jsonl] PATH``.

    - ``input``: ``"text"`` (the file is one document, its id the path as
      given), ``"jsonl"`` (one JSON object per line), or None to decide as
      the CLI does: JSONL for names ending in .jsonl or .ndjson, else text.
      ``"-"`` reads standard input.
    - ``id_field``/``text_field``: the JSONL fields, dotted for nested ones.
    - ``errors``: what to do with a document the CLI would report as an
      error record (unreadable, bad JSON, invalid UTF-8, too big):
      ``"raise"`` ``quoth.Error`` (with ``.doc`` and ``.line``), ``"yield"``
      an ``ErrorRecord`` in the stream, as the CLI writes one, or
      ``"ignore"`` it.
    - options as for ``Extractor``, but ``strict_utf8`` defaults to True,
      as in the CLI (``--repair-utf8`` is ``strict_utf8=False``).

    Quotes come in input order. Their code-point offsets index the document
    text: the file decoded as UTF-8, or the JSONL text field.
    """
    _check(errors)
    x = _make_extractor(options)
    return _flatten(_file_documents(path, x, input, id_field, text_field), errors)
