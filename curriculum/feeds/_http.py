"""httpx without its command-line extras.

`import httpx` also imports `httpx._main` (its CLI), which loads rich, click and pygments when
they are installed — tens of milliseconds, and UI libraries the core must never load. The
fetcher needs none of it, so the CLI module is hidden while httpx is first imported.
"""

from __future__ import annotations

import sys

if "httpx" not in sys.modules and "httpx._main" not in sys.modules:
    sys.modules["httpx._main"] = None  # type: ignore[assignment]
    try:
        import httpx
    finally:
        if sys.modules.get("httpx._main", 0) is None:
            del sys.modules["httpx._main"]
else:
    import httpx

__all__ = ["httpx"]
