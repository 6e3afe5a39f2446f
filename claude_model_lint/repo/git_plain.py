"""How git is asked, so that its answer reads the same whatever the user's git config says."""

from __future__ import annotations

# git grep's answer in the form it is read in, whatever the user's git config says of names
# (core.quotepath, grep.fullName), colours and columns: before the subcommand, and after it
PLAIN_GIT = ("-c", "core.quotepath=off", "-c", "grep.fullName=false")
PLAIN_GREP = ("--no-color", "--no-column")
