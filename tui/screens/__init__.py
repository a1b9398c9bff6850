"""The app's full screens, one module each (dialogs: `tui.dialogs`; widgets: `tui.widgets`)."""
