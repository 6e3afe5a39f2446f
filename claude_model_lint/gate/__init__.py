"""What a team adopting the check in a large repository keeps out of the verdict: findings on
lines a change did not touch (``--diff-base``) and findings recorded in a baseline file
(``--baseline``). Hidden findings are counted and said, never lost."""
