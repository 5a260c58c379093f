"""Colour themes shared by the SQL shell, the Python REPL and the debugger."""
