"""Entry points: install(), import cost, the lexer of the prompt."""

from __future__ import annotations

from tests.debugger.conftest import run_python


def test_install_makes_breakpoint_open_our_debugger_here_and_in_children(script):
    path = script("""
    import os, subprocess, sys
    import debugger
    debugger.install()
    print("hook", os.environ["PYTHONBREAKPOINT"])
    value = 5
    breakpoint()
    """)
    out = run_python([path.name], "p value\nhelp sticky\nc\n", path.parent)
    assert "hook debugger.set_trace" in out
    assert "(Pdb) 5" in out
    assert "Toggle sticky mode" in out


def test_importing_the_debugger_loads_no_prompt_or_highlighting_library(script):
    path = script("""
    import sys
    import debugger
    debugger.Debugger()
    print(sorted(m for m in ("prompt_toolkit", "pygments", "jedi") if m in sys.modules))
    """)
    assert run_python([path.name], "", path.parent).strip() == "[]"


def test_typed_commands_and_python_are_styled():
    from debugger.lexer import COMMAND_STYLE, DebuggerLexer

    lexer = DebuggerLexer(lambda: ["p", "c", "b", "display"])
    command = lexer.lex_line("p obj.x + 1")
    assert command[0] == (COMMAND_STYLE, "p ")
    assert any("pygments" in style for style, _ in command[1:])
    assert lexer.lex_line("c")[-1] == (COMMAND_STYLE, "c")
    statement = lexer.lex_line("total = 3")
    assert all(style != COMMAND_STYLE for style, _ in statement)
    assert "".join(text for _, text in lexer.lex_line("b prog.py:12")) == "b prog.py:12"
    assert lexer.lex_line("") == []
