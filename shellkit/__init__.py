"""shellkit: the prompt engine shared by the SQL shell, the Python REPL and the debugger.

This package knows prompts, keys, history, configuration, output and Python language
support. It never imports an application package (pgcli_like, debugger).
"""

__version__ = "0.1.0"
