"""The Textual app over the curriculum core. Owns the launcher."""
