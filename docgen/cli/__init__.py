"""The command line, on top of everything: `main` (the group and its one error edge), the
shared options, and one module per family of commands. The core never imports click.
"""
