"""Modal dialogs: snooze, the feed dialogs (add, edit, import, remove), card edit, welcome."""
