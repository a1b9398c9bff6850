"""Reusable widgets: the keys footer, the Stats charts and the virtual reading list."""
