"""Loading libquoth.so and declaring its C API for ctypes.

Only what include/quoth.h declares is used here. The structures mirror the
header field by field; if the header changes, QUOTH_ABI_VERSION moves and
quoth_extractor_new() rejects these declarations with QUOTH_EINVAL rather
than reading garbage.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import struct as _struct
import sys
from pathlib import Path
from typing import List, Optional

# ---- constants from quoth.h ------------------------------------------------

QUOTH_ABI_VERSION = 1

QUOTH_OK = 0
QUOTH_ENOMEM = 1
QUOTH_EINVAL = 2
QUOTH_EUTF8 = 3
QUOTH_ETOOBIG = 4
QUOTH_EABORTED = 5

QUOTH_FLAG_NONE = 0
QUOTH_FLAG_STRICT_UTF8 = 1 << 0
QUOTH_FLAG_NO_INDIRECT = 1 << 1

KIND_NAMES = ("direct", "mixed", "indirect")
GENDER_NAMES = (None, "female", "male")

# The same words as quoth_strerror(). That function is declared in quoth.h
# but not exported from libquoth.so (it lacks QUOTH_API), so the binding
# cannot call it; the library's own message, quoth_error.msg, is used
# whenever the library provides one.
STATUS_MESSAGES = {
    QUOTH_OK: "success",
    QUOTH_ENOMEM: "out of memory",
    QUOTH_EINVAL: "invalid argument",
    QUOTH_EUTF8: "invalid UTF-8 or NUL byte",
    QUOTH_ETOOBIG: "document larger than max_doc_bytes",
    QUOTH_EABORTED: "stopped by the quote callback",
}

# ---- structures ------------------------------------------------------------


class quoth_error(ctypes.Structure):
    _fields_ = [
        ("code", ctypes.c_int),
        ("msg", ctypes.c_char_p),
        ("byte_offset", ctypes.c_size_t),
    ]


class quoth_str(ctypes.Structure):
    # c_void_p, not c_char_p: the bytes are not NUL-terminated.
    _fields_ = [("ptr", ctypes.c_void_p), ("len", ctypes.c_size_t)]


class quoth_span(ctypes.Structure):
    _fields_ = [
        ("start", ctypes.c_size_t),
        ("end", ctypes.c_size_t),
        ("text", quoth_str),
    ]


class quoth_quote(ctypes.Structure):
    _fields_ = [
        ("kind", ctypes.c_int),
        ("start", ctypes.c_size_t),
        ("end", ctypes.c_size_t),
        ("text", quoth_str),
        ("speaker", quoth_str),
        ("has_mention", ctypes.c_int),
        ("mention", quoth_span),
        ("has_cue", ctypes.c_int),
        ("cue", quoth_span),
        ("speaker_gender", ctypes.c_int),
        ("confidence", ctypes.c_double),
    ]


# The quote arrives as a plain address: the callback copies the struct's
# bytes in one call and unpacks them with QUOTE_LAYOUT later, which is
# several times cheaper than reading ctypes fields one by one.
QUOTE_FN = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)


def _layout(struct: type, fields: "list[tuple[str, str]]") -> "_struct.Struct":
    """A struct.Struct reading `fields` (dotted names, struct codes) of a
    ctypes Structure at the offsets ctypes computed for this platform."""
    fmt = "@"
    for name, code in fields:
        owner, offset = struct, 0
        for part in name.split("."):
            desc = getattr(owner, part)
            offset += desc.offset
            owner = dict(owner._fields_)[part]
        pad = offset - _struct.calcsize(fmt)
        if pad < 0 or _struct.calcsize(fmt + "x" * pad + code) != offset + _struct.calcsize("@" + code):
            raise ImportError("quoth: unexpected layout of quoth_quote.%s" % name)
        fmt += "x" * pad + code
    return _struct.Struct(fmt)


QUOTE_SIZE = ctypes.sizeof(quoth_quote)
QUOTE_LAYOUT = _layout(quoth_quote, [
    ("kind", "i"), ("start", "N"), ("end", "N"), ("has_mention", "i"),
    ("mention.start", "N"), ("mention.end", "N"), ("has_cue", "i"), ("cue.start", "N"),
    ("cue.end", "N"), ("speaker_gender", "i"), ("confidence", "d")])
SPEAKER_LAYOUT = _layout(quoth_quote, [("speaker.ptr", "P"), ("speaker.len", "N")])


class quoth_options(ctypes.Structure):
    _fields_ = [
        ("abi_version", ctypes.c_uint),
        ("flags", ctypes.c_uint32),
        ("max_doc_bytes", ctypes.c_size_t),
        ("min_confidence", ctypes.c_double),
        ("on_quote", QUOTE_FN),
        ("userdata", ctypes.c_void_p),
        ("allocator", ctypes.c_void_p),
        ("reserved", ctypes.c_void_p),
    ]


# ---- finding the library ---------------------------------------------------

_LIBNAMES = {
    "darwin": ("libquoth.dylib", "libquoth.0.dylib"),
    "win32": ("quoth.dll", "libquoth.dll"),
}.get(sys.platform, ("libquoth.so", "libquoth.so.0"))


def _candidates() -> List[str]:
    """Where to look, in order: $QUOTH_LIBRARY, the build tree, the system."""
    found: List[str] = []
    env = os.environ.get("QUOTH_LIBRARY")
    if env:
        found.append(env)
    # bindings/python/quoth/_native.py -> the repository root's build/.
    build = Path(__file__).resolve().parents[3] / "build"
    found.extend(str(build / name) for name in _LIBNAMES)
    system = ctypes.util.find_library("quoth")
    if system:
        found.append(system)
    found.extend(_LIBNAMES)  # plain names: the dynamic loader's search path
    return found


def _declare(lib: ctypes.CDLL) -> None:
    P = ctypes.POINTER
    xp = ctypes.c_void_p  # quoth_extractor *, opaque
    lib.quoth_version.argtypes = []
    lib.quoth_version.restype = ctypes.c_int
    lib.quoth_options_init.argtypes = [P(quoth_options)]
    lib.quoth_options_init.restype = None
    lib.quoth_extractor_new.argtypes = [P(quoth_options), P(xp), P(quoth_error)]
    lib.quoth_extractor_new.restype = ctypes.c_int
    lib.quoth_extractor_free.argtypes = [xp]
    lib.quoth_extractor_free.restype = None
    lib.quoth_extractor_feed.argtypes = [xp, ctypes.c_char_p, ctypes.c_size_t, P(quoth_error)]
    lib.quoth_extractor_feed.restype = ctypes.c_int
    lib.quoth_extractor_finish.argtypes = [xp, P(quoth_error)]
    lib.quoth_extractor_finish.restype = ctypes.c_int
    lib.quoth_extractor_reset.argtypes = [xp]
    lib.quoth_extractor_reset.restype = None
    lib.quoth_locate.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_size_t,
                                 P(ctypes.c_size_t), P(ctypes.c_size_t)]
    lib.quoth_locate.restype = None


def load() -> "tuple[ctypes.CDLL, str]":
    """Open the first libquoth that loads; raise OSError naming every try."""
    tried = []
    for path in _candidates():
        if os.sep in path and not os.path.exists(path):
            tried.append(f"{path}: no such file")
            continue
        try:
            # CDLL, not PyDLL: ctypes releases the GIL around every call.
            lib = ctypes.CDLL(path)
        except OSError as e:
            tried.append(f"{path}: {e}")
            continue
        _declare(lib)
        return lib, path
    raise OSError("cannot load libquoth (set QUOTH_LIBRARY to its path, or run `make`); tried:\n  "
                  + "\n  ".join(tried))


lib, library_path = load()


def locate(buf: bytes, offset: int) -> "tuple[int, int]":
    """quoth_locate(): 1-based line and code-point column of a byte offset."""
    line = ctypes.c_size_t()
    col = ctypes.c_size_t()
    lib.quoth_locate(buf, len(buf), offset, ctypes.byref(line), ctypes.byref(col))
    return line.value, col.value


def message_of(code: int, err: Optional[quoth_error]) -> str:
    if err is not None and err.msg:
        return err.msg.decode("utf-8", "replace")
    return STATUS_MESSAGES.get(code, "unknown error")
