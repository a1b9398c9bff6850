"""Feeds: fetching (httpx), parsing (feedparser), discovery, dedupe, OPML and arXiv.

Modules import httpx and feedparser themselves; the CLI imports this package lazily so
read-only commands never load them.
"""
