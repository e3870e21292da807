"""Renderings kept for reuse within a worker: a PDF made by WeasyPrint from the exact same HTML is the same PDF
(WeasyPrint writes no date or random identifier), so it is made once. The key is the sha256 of everything that
prints (the whole HTML with its page size, the image bytes); any change to the draft, the number, the date, the
issuer or an image is a different key and renders anew."""
from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class RenderCache:
    """A small least-recently-used store of rendered PDFs by the sha256 of their whole input."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self.hits = 0
        self.misses = 0
        self._items: OrderedDict[str, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, source: str | bytes, render: Callable[[], T]) -> T:
        """The rendering of `source` (the HTML or bytes it is made from): kept, or made by `render()` and kept."""
        key = hashlib.sha256(source.encode("utf-8", "surrogatepass") if isinstance(source, str) else source).hexdigest()
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                self.hits += 1
                return self._items[key]  # type: ignore[return-value]
        pdf = render()
        with self._lock:
            self.misses += 1
            self._items[key] = pdf
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return pdf


#: One-page PDFs of a signature or seal image in its box: the same person's or organization's image in the same
#: box on every document they sign.
IMAGE_PAGES = RenderCache()
#: The signed layout of a document version and its number strip, by their whole HTML: the signing page's preview
#: and the Sign step that follows render exactly the same (the version, its signature block, the blank number and
#: date): the step reuses the preview's rendering. Any change to what prints is another key.
LAYOUTS = RenderCache(size=16)
