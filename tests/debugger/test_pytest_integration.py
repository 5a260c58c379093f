"""pytest --pdbcls=debugger:Debugger uses our debugger for --pdb and breakpoint()."""

from __future__ import annotations

from tests.debugger.conftest import run_python


def test_pytest_pdb_opens_our_debugger_on_a_failure(script):
    path = script("""
    def test_answer():
        x = 41
        assert x == 42
    """, "test_sample.py")
    out = run_python(["-m", "pytest", "-p", "no:cacheprovider", "--pdbcls=debugger:Debugger", "--pdb",
                      path.name], "p x\nhelp sticky\nc\n", path.parent)
    assert "(Pdb) 41" in out
    assert "Toggle sticky mode" in out  # a command only our Debugger has
    assert "1 failed" in out


def test_pytest_breakpoint_uses_our_debugger(script):
    path = script("""
    def test_stop():
        y = 'inside'
        breakpoint()
        assert y == 'inside'
    """, "test_bp.py")
    out = run_python(["-m", "pytest", "-p", "no:cacheprovider", "--pdbcls=debugger:Debugger", path.name],
                     "p y\nhelp hf_list\nc\n", path.parent)
    assert "'inside'" in out
    assert "__tracebackhide__" in out
    assert "1 passed" in out
