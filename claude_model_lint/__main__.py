from claude_model_lint.cli import main

main()
