"""The console scripts: click, kept thin."""
