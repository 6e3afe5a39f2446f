"""The usage audit: the Console's usage export joined with the code."""
