MODEL = "claude-3-haiku-20240307"
