"""Quotes, errors and the extractor: the ctypes side of the binding."""
from __future__ import annotations

import codecs
import ctypes
from json.encoder import encode_basestring as _encode_basestring
import sys
import threading
from dataclasses import dataclass
from typing import Any, ClassVar, Dict, List, Optional, Tuple, Union

from . import _native as N

__all__ = ["Error", "Span", "Quote", "ErrorRecord", "Extractor", "extract", "version",
           "DEFAULT_MAX_DOC_BYTES"]

DEFAULT_MAX_DOC_BYTES = 16 << 20

# Every invalid byte becomes one U+FFFD, as the library reads it and as
# quoth_write_json_string() writes it; Python's own "replace" would fold a
# truncated sequence into a single U+FFFD and shift code-point offsets.
REPLACE = "quoth.replace"


def _replace_each_byte(e: UnicodeError) -> Tuple[str, int]:
    if isinstance(e, UnicodeDecodeError):
        return "\ufffd" * (e.end - e.start), e.end
    if isinstance(e, UnicodeEncodeError):  # lone surrogates in a str
        return "\ufffd" * (e.end - e.start), e.end
    raise e


codecs.register_error(REPLACE, _replace_each_byte)

_dataclass = dataclass(**({"slots": True} if sys.version_info >= (3, 10) else {}))


class Error(Exception):
    """A document the library could not process, or a misuse of the API.

    ``str(err)`` is the library's message (from ``quoth_error.msg``), with
    the position added where there is one. ``code`` is the ``quoth_status``
    value (``QUOTH_EUTF8`` = 3 and so on; 0 for input errors found by the
    binding itself, such as bad JSON), ``byte_offset`` the offset in the
    document where the problem was found, ``doc`` and ``line`` the document
    id and input line when the error comes from ``extract_file``.
    """

    def __init__(self, message: str, code: int = 0, byte_offset: int = 0,
                 doc: Optional[str] = None, line: Optional[int] = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.byte_offset = byte_offset
        self.doc = doc
        self.line = line


def _json_str(s: Optional[str]) -> str:
    """A JSON string literal written the way the C library writes it."""
    if s is None:
        return "null"
    out = _encode_basestring(s)  # json.dumps(s, ensure_ascii=False), minus its set-up
    if "\u2028" in out or "\u2029" in out:
        out = out.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    if not out.isascii():
        try:
            out.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate from a str argument
            return _json_str(s.encode("utf-8", "surrogatepass").decode("utf-8", REPLACE))
    return out


@_dataclass
class Span:
    """A piece of the document: the mention or the cue of a quote.

    ``start``/``end`` are UTF-8 byte offsets (end exclusive), as in the
    CLI's JSON; ``char_start``/``char_end`` are code-point offsets, so
    ``document[span.char_start:span.char_end] == span.text`` for the ``str``
    you passed.
    """

    start: int
    end: int
    text: str
    char_start: int
    char_end: int

    def to_dict(self) -> Dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@_dataclass
class Quote:
    """One quotation, with the fields of SPEC.md's JSON record.

    ``start``/``end`` are UTF-8 byte offsets into the document (end
    exclusive); ``char_start``/``char_end`` are the same positions in code
    points, for slicing the Python string: ``text == doc[q.char_start:q.char_end]``.
    ``confidence`` keeps the library's full precision; the CLI prints it
    with two decimals, and so do ``to_dict()`` and ``to_json()``.
    """

    type: ClassVar[str] = "quote"

    doc: Optional[str]
    start: int
    end: int
    text: str
    kind: str                       # "direct", "mixed" or "indirect"
    speaker: Optional[str]
    mention: Optional[Span]
    cue: Optional[Span]
    speaker_gender: Optional[str]   # "female", "male" or None
    confidence: float
    char_start: int
    char_end: int

    def to_dict(self) -> Dict[str, Any]:
        """The CLI's JSON record for this quote, as a dict."""
        return {
            "type": "quote", "doc": self.doc, "start": self.start, "end": self.end,
            "text": self.text, "kind": self.kind, "speaker": self.speaker,
            "mention": self.mention.to_dict() if self.mention else None,
            "cue": self.cue.to_dict() if self.cue else None,
            "speaker_gender": self.speaker_gender,
            "confidence": float("%.2f" % self.confidence),
        }

    def to_json(self) -> str:
        """The CLI's JSON line for this quote, byte for byte, without the newline."""
        def span(s: Optional[Span]) -> str:
            if s is None:
                return "null"
            return '{"start":%d,"end":%d,"text":%s}' % (s.start, s.end, _json_str(s.text))
        return ('{"type":"quote","doc":%s,"start":%d,"end":%d,"text":%s,"kind":"%s",'
                '"speaker":%s,"mention":%s,"cue":%s,"speaker_gender":%s,"confidence":%.2f}'
                % (_json_str(self.doc), self.start, self.end, _json_str(self.text), self.kind,
                   _json_str(self.speaker), span(self.mention), span(self.cue),
                   _json_str(self.speaker_gender), self.confidence))


@_dataclass
class ErrorRecord:
    """A document that could not be read or extracted, as the CLI reports it:
    ``{"type":"error","doc":…,"line":…,"message":…}``. ``file`` is the input
    it came from (not part of the JSON)."""

    type: ClassVar[str] = "error"

    doc: Optional[str]
    line: Optional[int]
    message: str
    file: Optional[str] = None

    def to_dict(self) -> Dict[str, Any]:
        return {"type": "error", "doc": self.doc, "line": self.line, "message": self.message}

    def to_json(self) -> str:
        return '{"type":"error","doc":%s,"line":%s,"message":%s}' % (
            _json_str(self.doc), "null" if self.line is None else "%d" % self.line,
            _json_str(self.message))

    def to_error(self) -> Error:
        return Error(self.message, doc=self.doc, line=self.line)


# What the callback copies out of a quoth_quote: the struct's bytes, and the
# speaker's bytes.
_Row = Tuple[bytes, Optional[bytes]]


def _char_offsets(data: bytes, offsets: List[int], errors: str) -> Dict[int, int]:
    """Map sorted byte offsets to code-point offsets in data.decode(errors).

    Decoding the pieces between consecutive offsets is linear in the
    document and runs at memcpy-like speed; a piece that does not decode on
    its own (an offset inside a repaired sequence) counts its lead bytes.
    """
    out: Dict[int, int] = {}
    prev_b = prev_c = 0
    for b in offsets:
        piece = data[prev_b:b]
        try:
            n = len(piece.decode("utf-8", errors))
        except UnicodeDecodeError:
            n = len(piece.translate(None, _CONTINUATION))
        prev_c += n
        prev_b = b
        out[b] = prev_c
    return out


_CONTINUATION = bytes(range(0x80, 0xC0))


class Extractor:
    """A reusable extractor: one libquoth handle with fixed options.

    Options (all keyword-only, the library's defaults):

    - ``strict_utf8=False``: reject a document with invalid UTF-8 or a NUL
      byte (``quoth.Error``, code 3) instead of reading each bad byte as
      U+FFFD. ``extract_file`` and the CLI default to strict.
    - ``no_indirect=False``: report only quotations between quote marks.
    - ``min_confidence=0.0``: leave out quotes below this confidence.
    - ``max_doc_bytes=16 MiB``: longer documents raise ``quoth.Error``
      (code 4); 0 means no limit.

    Threads: extraction runs in the C library with the GIL released (ctypes
    releases it around every foreign call), so separate ``Extractor``
    objects in separate threads run in parallel. The GIL is taken back
    briefly for each quote found, when the library calls back into Python,
    and for building the result objects. One ``Extractor`` used from
    several threads is safe but serialises them (it holds a lock).
    """

    def __init__(self, *, strict_utf8: bool = False, no_indirect: bool = False,
                 min_confidence: float = 0.0, max_doc_bytes: int = DEFAULT_MAX_DOC_BYTES) -> None:
        self._x: Optional[ctypes.c_void_p] = None
        if not (isinstance(min_confidence, (int, float)) and 0.0 <= min_confidence <= 1.0):
            raise ValueError("min_confidence must be a number from 0 to 1")
        if not (isinstance(max_doc_bytes, int) and max_doc_bytes >= 0):
            raise ValueError("max_doc_bytes must be an int >= 0 (0: no limit)")
        self.strict_utf8 = bool(strict_utf8)
        self.no_indirect = bool(no_indirect)
        self.min_confidence = float(min_confidence)
        self.max_doc_bytes = max_doc_bytes

        rows: List[_Row] = []
        failure: List[BaseException] = []
        string_at = ctypes.string_at
        speaker_of = N.SPEAKER_LAYOUT.unpack_from
        size = N.QUOTE_SIZE

        # Runs with the GIL taken back, once per quote: copy the struct and
        # the speaker (the one string that is not a slice of the document)
        # and return to C. A closure over `rows`, not a bound method: no
        # cycle through self, so the handle is freed when the Extractor is.
        def on_quote(addr: int, _userdata: Any) -> int:
            try:
                raw = string_at(addr, size)
                ptr, n = speaker_of(raw)
                rows.append((raw, string_at(ptr, n) if ptr else None))
                return 0
            except BaseException as e:  # never let an exception into C
                failure.append(e)
                return 1

        self._rows = rows
        self._failure = failure
        self._callback = N.QUOTE_FN(on_quote)  # must live as long as the handle
        self._lock = threading.Lock()

        opt = N.quoth_options()
        N.lib.quoth_options_init(ctypes.byref(opt))
        if self.strict_utf8:
            opt.flags |= N.QUOTH_FLAG_STRICT_UTF8
        if self.no_indirect:
            opt.flags |= N.QUOTH_FLAG_NO_INDIRECT
        opt.min_confidence = self.min_confidence
        opt.max_doc_bytes = max_doc_bytes
        opt.on_quote = self._callback
        handle = ctypes.c_void_p()
        err = N.quoth_error()
        rc = N.lib.quoth_extractor_new(ctypes.byref(opt), ctypes.byref(handle), ctypes.byref(err))
        if rc != N.QUOTH_OK:
            raise Error(N.message_of(rc, err), rc)
        self._x = handle

    def close(self) -> None:
        """Free the C extractor now rather than when garbage-collected."""
        with self._lock:
            if self._x is not None:
                N.lib.quoth_extractor_free(self._x)
                self._x = None

    def __enter__(self) -> "Extractor":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        x = getattr(self, "_x", None)
        if x is not None:
            N.lib.quoth_extractor_free(x)
            self._x = None

    def __repr__(self) -> str:
        return ("Extractor(strict_utf8=%r, no_indirect=%r, min_confidence=%r, max_doc_bytes=%r)"
                % (self.strict_utf8, self.no_indirect, self.min_confidence, self.max_doc_bytes))

    def _run(self, data: bytes) -> Tuple[int, N.quoth_error, List[_Row]]:
        """Feed and finish one document; the GIL is free inside both calls."""
        err = N.quoth_error()
        with self._lock:
            if self._x is None:
                raise ValueError("the Extractor is closed")
            del self._rows[:]
            del self._failure[:]
            rc = N.lib.quoth_extractor_feed(self._x, data, len(data), ctypes.byref(err))
            if rc == N.QUOTH_OK:
                rc = N.lib.quoth_extractor_finish(self._x, ctypes.byref(err))
            else:
                N.lib.quoth_extractor_reset(self._x)
            rows = list(self._rows)
            del self._rows[:]
            if rc == N.QUOTH_EABORTED and self._failure:
                raise self._failure.pop()
        return rc, err, rows

    def extract(self, text: Union[str, bytes, bytearray, memoryview],
                doc_id: Optional[str] = None) -> List[Quote]:
        """Find the quotations in one document, in document order.

        ``text`` is a ``str`` or UTF-8 bytes. For a ``str``, code-point
        offsets index that string. For bytes, they index
        ``text.decode("utf-8", "quoth.replace")`` — each invalid byte is one
        U+FFFD, as the library reads it (the same as the plain ``"utf-8"``
        decoding when the bytes are valid). Raises ``quoth.Error`` when the
        library rejects the document (too big, invalid UTF-8 under
        ``strict_utf8``).
        """
        quotes, failure = self._extract(text, doc_id)
        if failure is not None:
            raise failure.error()
        return quotes

    def _extract(self, text: Union[str, bytes, bytearray, memoryview],
                 doc_id: Optional[str]) -> Tuple[List[Quote], Optional["_Failure"]]:
        """extract(), with a rejected document returned rather than raised."""
        if isinstance(text, str):
            # surrogatepass keeps one code point per lone surrogate, which the
            # library then reads as invalid bytes: offsets stay aligned.
            data = text.encode("utf-8", "surrogatepass")
            source: Optional[str] = text
            errors = "surrogatepass"
        elif isinstance(text, (bytes, bytearray, memoryview)):
            data = bytes(text)
            source = None
            errors = REPLACE
        else:
            raise TypeError("text must be str or bytes, not %s" % type(text).__name__)

        rc, err, rows = self._run(data)
        if rc == N.QUOTH_ENOMEM:
            raise MemoryError(N.message_of(rc, err))
        if rc != N.QUOTH_OK:
            return [], _Failure(rc, N.message_of(rc, err), err.byte_offset, data, doc_id)
        return _build(rows, data, source, errors, doc_id), None


@dataclass
class _Failure:
    """A document the library rejected: its status, message and position."""

    code: int
    message: str        # the library's own words
    byte_offset: int
    data: bytes
    doc: Optional[str]

    def locate(self) -> Tuple[int, int]:
        return N.locate(self.data, self.byte_offset)

    def error(self) -> Error:
        msg = self.message
        if self.code == N.QUOTH_EUTF8:
            line, col = self.locate()
            msg = "%s at line %d, column %d (byte %d)" % (msg, line, col, self.byte_offset)
        return Error(msg, self.code, self.byte_offset, doc=self.doc)


def _build(rows: List[_Row], data: bytes, source: Optional[str], errors: str,
           doc_id: Optional[str]) -> List[Quote]:
    """Turn the callback's rows into Quote objects."""
    if not rows:
        return []
    unpack = N.QUOTE_LAYOUT.unpack_from
    fields = [unpack(raw) for raw, _ in rows]
    if source is not None and len(source) == len(data):
        cp: Any = _Identity()  # ASCII: byte and code-point offsets agree
    else:
        wanted = set()
        for kind, start, end, has_m, m0, m1, has_c, c0, c1, gender, conf in fields:
            wanted.add(start)
            wanted.add(end)
            if has_m:
                wanted.add(m0)
                wanted.add(m1)
            if has_c:
                wanted.add(c0)
                wanted.add(c1)
        cp = _char_offsets(data, sorted(wanted), errors)

    quotes = []
    for (kind, start, end, has_m, m0, m1, has_c, c0, c1, gender, conf), (_, speaker) in zip(fields, rows):
        if source is not None:
            text = source[cp[start]:cp[end]]
            mention = Span(m0, m1, source[cp[m0]:cp[m1]], cp[m0], cp[m1]) if has_m else None
            cue = Span(c0, c1, source[cp[c0]:cp[c1]], cp[c0], cp[c1]) if has_c else None
        else:
            text = data[start:end].decode("utf-8", REPLACE)
            mention = Span(m0, m1, data[m0:m1].decode("utf-8", REPLACE), cp[m0], cp[m1]) if has_m else None
            cue = Span(c0, c1, data[c0:c1].decode("utf-8", REPLACE), cp[c0], cp[c1]) if has_c else None
        quotes.append(Quote(
            doc_id, start, end, text,
            N.KIND_NAMES[kind] if 0 <= kind < 3 else "direct",
            None if speaker is None else speaker.decode("utf-8", REPLACE),
            mention, cue,
            N.GENDER_NAMES[gender] if 0 <= gender < 3 else None,
            conf, cp[start], cp[end]))
    return quotes


class _Identity:
    def __getitem__(self, b: int) -> int:
        return b


# ---- extract(): one cached Extractor per thread and option set -------------

_local = threading.local()
_CACHE_SIZE = 8


def extract(text: Union[str, bytes], doc_id: Optional[str] = None, **options: Any) -> List[Quote]:
    """Find the quotations in ``text``; see ``Extractor`` for the options.

    Each thread keeps its own extractor per option set, so calls from
    several threads run in parallel and repeated calls reuse the library's
    memory.
    """
    key = tuple(sorted(options.items()))
    cache: Dict[Any, Extractor] = _local.__dict__.setdefault("extractors", {})
    x = cache.get(key)
    if x is None:
        x = Extractor(**options)
        if len(cache) >= _CACHE_SIZE:
            cache.pop(next(iter(cache))).close()
        cache[key] = x
    return x.extract(text, doc_id)


def version() -> str:
    """The version of the loaded libquoth, "MAJOR.MINOR.PATCH"."""
    v = N.lib.quoth_version()
    return "%d.%d.%d" % (v >> 16, (v >> 8) & 0xFF, v & 0xFF)
