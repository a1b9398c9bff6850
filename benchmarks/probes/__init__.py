"""Small programs the harness times."""
