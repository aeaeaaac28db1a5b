"""The command line, one module per command.

``app`` builds the Typer app and registers the commands; ``options`` declares the options
several commands share; ``common`` is what every command does alike (errors, output, settings).
Heavy modules (nltk, pandas, vaderSentiment, the rule engine) are imported inside the commands,
so ``cscoach --help`` and ``--version`` answer at once.
"""
