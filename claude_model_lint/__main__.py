from claude_model_lint.commands.launch import main

main()
