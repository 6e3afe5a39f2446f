"""The retirement radar: on a schedule, open (and keep current) the migration pull request of each
model that retires within the look-ahead, file one issue for what needs a person, and never fight
the people who work on the same branches.

git.py (the repository), github.py (the REST API), plan.py (what retires, grouped), bodies.py
(what the pull request and the issue say), verify.py (the team's own check) and cycle.py (one run).
"""
