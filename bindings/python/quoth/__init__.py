"""quoth: who said what in news text — Python binding of libquoth.

    >>> import quoth
    >>> doc = '"We will not back down," the mayor said.'
    >>> [q] = quoth.extract(doc)
    >>> q.text, q.kind, q.cue.text
    ('We will not back down,', 'direct', 'said')
    >>> doc[q.char_start:q.char_end] == q.text
    True

- ``extract(text, doc_id=None, **options) -> list[Quote]``
- ``Extractor(**options).extract(text, doc_id=None)``: the same, reusable
- ``extract_file(path, ...)``: every quote of a text or JSONL file, as the
  ``quoth`` command reads it; ``extract_jsonl(lines, ...)`` for lines you
  already have (a Dask or Spark partition)
- ``Quote``/``Span``: SPEC.md's fields; ``start``/``end`` are UTF-8 byte
  offsets as in the CLI's JSON, ``char_start``/``char_end`` code points
- ``Error``: raised with the library's message

A pure-ctypes package: it loads libquoth.so from ``$QUOTH_LIBRARY``, else
the build tree this package sits in (``build/``), else the system's library
path. ``python3 -m quoth FILE...`` works like the ``quoth`` command.

Extraction runs with the GIL released; see ``Extractor`` for what that
means for threads.
"""
from ._core import (DEFAULT_MAX_DOC_BYTES, Error, ErrorRecord, Extractor, Quote, Span,
                    extract, version)
from ._inputs import extract_file, extract_jsonl
from ._native import library_path

__all__ = ["extract", "Extractor", "extract_file", "extract_jsonl", "Quote", "Span",
           "ErrorRecord", "Error", "version", "library_path", "DEFAULT_MAX_DOC_BYTES",
           "__version__"]

__version__ = "0.1.0"
