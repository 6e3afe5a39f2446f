"""The repository on disk, as every layer sees it: a file to check, its bytes, its path as
reports show it, the repository root, the config that governs a path and what it excludes."""
