from claude_model_lint.commands.lint import main

main()
