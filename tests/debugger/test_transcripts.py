"""With stdin not a terminal, the debugger prints byte for byte what stdlib pdb prints.

Each test runs the same script with the same commands under the running Python's pdb and
under ours, and compares the whole output.
"""

from __future__ import annotations

import pytest

from tests.debugger.conftest import run_python

LOOP = """
def f(n):
    a = 1
    breakpoint()
    for i in range(n):
        a += i
    return a

def g():
    return f(10) * 2

print("result", g())
"""

CRASH = """
import sys
print("args", sys.argv[1:])

def divide(x, y):
    ratio = x / y
    return ratio

divide(1, 0)
"""


def compare_breakpoint(script_path, commands: str) -> str:
    folder = script_path.parent
    ours = run_python([script_path.name], commands, folder, {"PYTHONBREAKPOINT": "debugger.set_trace"})
    theirs = run_python([script_path.name], commands, folder, {"PYTHONBREAKPOINT": "pdb.set_trace"})
    assert ours == theirs
    return ours


@pytest.mark.parametrize("commands", [
    "p a\ndisplay a\nn\nn\nn\nc\n",
    "where\nup\nll\nargs\ndown\nlist\nlist\nc\n",
    "s\ns\nr\nretval\nundisplay\nc\n",
    "p undefined_name\np 1/0\nwhatis a\nsource f\nc\n",
    "b 6\nb\nc\nclear 1\ncl\nc\n",
    "tbreak 7\ncondition 1 a > 5\nc\nc\n",
    "alias pa p a * 2\npa\nunalias pa\npa\nc\n",
    "b 6\ncommands 1\np i\nend\nc\nc\ndisable 1\nc\n",
    "a = 99\n!a\nn\ninteract\na\n\nc\n",
    "help\nhelp p\nhelp break\nhelp interact\nhelp debug\nc\n",
    "until 7\njump 4\nq\n",
    "p a\n",  # end of input: pdb quits
])
def test_breakpoint_transcript_is_pdbs(script, commands):
    out = compare_breakpoint(script(LOOP), commands)
    assert "(Pdb)" in out


def test_recursive_debugger_transcript_is_pdbs(script):
    path = script("""
    def square(x):
        y = x * x
        return y

    def main():
        breakpoint()
        return square(3)

    main()
    """)
    compare_breakpoint(path, "debug square(4)\ns\nn\nn\np y\nc\nc\n")


def test_module_runner_transcript_is_pdbs(script):
    path = script(CRASH)
    commands = "n\nn\nb divide\nc\np x, y\nc\np ratio if 'ratio' in dir() else 'none'\nup\nq\n"
    ours = run_python(["-m", "debugger", path.name, "a", "b"], commands, path.parent)
    theirs = run_python(["-m", "pdb", path.name, "a", "b"], commands, path.parent)
    assert ours == theirs
    assert "Uncaught exception. Entering post mortem debugging" in ours


def test_dash_m_module_transcript_is_pdbs(script):
    path = script("import sys\nprint('module args', sys.argv[1:])\nanswer = 6 * 7\n", "mymod.py")
    commands = "n\nn\nn\np answer\nq\n"
    ours = run_python(["-m", "debugger", "-m", "mymod", "x"], commands, path.parent)
    theirs = run_python(["-m", "pdb", "-m", "mymod", "x"], commands, path.parent)
    assert ours == theirs
    assert "42" in ours and "module args ['x']" in ours


def test_no_arguments_print_pdbs_usage(script):
    folder = script("").parent
    ours = run_python(["-m", "debugger"], "", folder)
    theirs = run_python(["-m", "pdb"], "", folder)
    assert ours.replace("debugger", "pdb") == theirs.replace("__main__.py", "pdb.py")


def test_module_runner_restarts_like_pdb(script):
    path = script("x = 1\nprint('ran', x)\n")
    commands = "c\nc\nq\n"
    ours = run_python(["-m", "debugger", path.name], commands, path.parent)
    theirs = run_python(["-m", "pdb", path.name], commands, path.parent)
    assert ours == theirs
    assert ours.count("ran 1") == 2


def test_command_option_runs_like_pdbs(script):
    path = script(CRASH)
    args = ["-c", "p 40 + 2", "-c", "continue", path.name]
    ours = run_python(["-m", "debugger", *args], "p y\nq\n", path.parent)
    theirs = run_python(["-m", "pdb", *args], "p y\nq\n", path.parent)
    assert ours == theirs
    assert "42" in ours


def test_shellkit_debug_matches_python_m_pdb(script):
    path = script(CRASH)
    # A file, not -c: Python 3.13 shows -c source in tracebacks of "<string>" frames.
    cli = script("from shellkit.cli import main\nmain()\n", "shellkit_cli.py")
    commands = "n\nc\np y\nq\n"
    ours = run_python([cli.name, "debug", path.name, "z"], commands, path.parent)
    theirs = run_python(["-m", "pdb", path.name, "z"], commands, path.parent)
    assert ours == theirs


def test_post_mortem_and_pm_print_what_pdb_prints(script):
    source = """
    import sys, {mod}
    def boom():
        local = 'here'
        raise ValueError('bad')
    try:
        boom()
    except ValueError:
        {mod}.post_mortem()
    try:
        boom()
    except ValueError:
        sys.last_type, sys.last_value, sys.last_traceback = sys.exc_info()
        sys.last_exc = sys.exc_info()[1]
    {mod}.pm()
    """
    commands = "p local\nwhere\nq\np local\nup\nq\n"
    ours = run_python([script(source.format(mod="debugger"), "a.py").name], commands, script("", "b.py").parent)
    theirs = run_python([script(source.format(mod="pdb"), "c.py").name], commands, script("", "d.py").parent)
    assert ours.replace("a.py", "X") == theirs.replace("c.py", "X")
    assert "'here'" in ours
