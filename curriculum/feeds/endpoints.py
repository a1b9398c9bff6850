"""Where arXiv is asked for papers: the API, the HTML versions and the PDFs, configurable.

Each endpoint can be pointed elsewhere with an environment variable (tests point them at a
loopback server; a mirror works the same way). `{id}` in a template is replaced by the
paper's id; an empty value for ar5iv turns that fallback off.

| variable | default |
|---|---|
| `CURRICULUM_ARXIV_API` | `https://export.arxiv.org/api/query` |
| `CURRICULUM_ARXIV_HTML` | `https://arxiv.org/html/{id}` |
| `CURRICULUM_AR5IV_HTML` | `https://ar5iv.labs.arxiv.org/html/{id}` |
| `CURRICULUM_ARXIV_PDF` | `https://arxiv.org/pdf/{id}` |

arXiv's terms (one connection, a request every 3 s) hold for every host these point at.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from curriculum.errors import ConfigError
from curriculum.feeds.model import FetchPolicy

ENVIRONMENT = {
    "api": "CURRICULUM_ARXIV_API",
    "html": "CURRICULUM_ARXIV_HTML",
    "ar5iv": "CURRICULUM_AR5IV_HTML",
    "pdf": "CURRICULUM_ARXIV_PDF",
}


@dataclass(frozen=True)
class ArxivEndpoints:
    """The arXiv addresses used for one paper's metadata and text."""

    api: str = "https://export.arxiv.org/api/query"
    html: str = "https://arxiv.org/html/{id}"
    ar5iv: str = "https://ar5iv.labs.arxiv.org/html/{id}"
    pdf: str = "https://arxiv.org/pdf/{id}"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> ArxivEndpoints:
        """The defaults, overridden by any `CURRICULUM_ARXIV_*` variable that is set."""
        environ = os.environ if environ is None else environ
        chosen = {
            name: environ[variable].strip()
            for name, variable in ENVIRONMENT.items()
            if variable in environ
        }
        endpoints = replace(cls(), **chosen)
        endpoints.check()
        return endpoints

    def check(self) -> None:
        """A ConfigError naming the variable if an endpoint is not a usable address."""
        for name, variable in ENVIRONMENT.items():
            value = getattr(self, name)
            if not value and name == "ar5iv":
                continue
            if urlsplit(value).scheme not in {"http", "https"} or not urlsplit(value).netloc:
                raise ConfigError(f"{variable} must be an http(s) address, not '{value[:80]}'.")
            if name != "api" and "{id}" not in value:
                raise ConfigError(f"{variable} must contain {{id}} where the paper's id goes.")

    def url(self, name: str, arxiv_id: str) -> str | None:
        """The address of endpoint `name` for a paper (None when it is turned off)."""
        template = getattr(self, name)
        return template.replace("{id}", arxiv_id) if template else None

    def hosts(self) -> tuple[str, ...]:
        """Every host these endpoints point at."""
        found = {(urlsplit(getattr(self, name)).hostname or "") for name in ENVIRONMENT}
        return tuple(sorted(host for host in found if host))

    def polite(self, policy: FetchPolicy | None) -> FetchPolicy:
        """`policy` with arXiv's rules applied to every host these endpoints point at."""
        policy = policy or FetchPolicy()
        extra = tuple(h for h in self.hosts() if h not in policy.polite_hosts)
        return replace(policy, polite_hosts=policy.polite_hosts + extra)
