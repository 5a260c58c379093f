"""While the REPL waits for keys, its own threads cannot hold up a keystroke; user code sees its settings.

Completion, signatures and jedi run in threads of the same process. With Python's default
5 ms switch interval every write of the main thread (echoing a key, drawing the menu) waits
up to 5 ms for the GIL behind a thread ranking 5,000 attributes, and a full garbage
collection over jedi's parse trees stops every thread for 100-300 ms. Over ssh both showed
as visible stalls of typing.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path

from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from shellkit.config import Config
from shellkit.repl import Repl
from shellkit.responsive import PROMPT_SWITCH_INTERVAL, responsive_prompt

CTRL_D = "\x04"


def _run_repl_recording_prompt_state(tmp_path: Path, typed: str) -> tuple[list, dict]:
    """Run ``interact()`` on ``typed``; returns (switch interval, gc thresholds) seen at each prompt
    and the namespace."""
    namespace: dict = {"__name__": "__main__", "sys": sys, "gc": gc}
    seen: list = []
    with create_pipe_input() as pipe:
        repl = Repl(namespace, input=pipe, output=DummyOutput(),
                    config=Config(tmp_path / "config.toml", {}), history_key=None)
        build = repl.build_session

        def build_recording():
            session = build()
            prompt = session.prompt

            def recording_prompt(*args, **kwargs):
                # (the prompt has started: what its threads run under)
                session.app.pre_run_callables.append(
                    lambda: seen.append((sys.getswitchinterval(), gc.get_threshold())))
                return prompt(*args, **kwargs)

            session.prompt = recording_prompt
            return session

        repl.build_session = build_recording
        pipe.send_text(typed)
        assert repl.interact() == 0
    return seen, namespace


def test_the_prompt_runs_with_a_short_switch_interval_and_no_full_collections(tmp_path):
    before = (sys.getswitchinterval(), gc.get_threshold())
    seen, _ = _run_repl_recording_prompt_state(tmp_path, "x = 1\r" + CTRL_D)
    assert len(seen) == 2
    for interval, thresholds in seen:
        assert interval == PROMPT_SWITCH_INTERVAL
        assert thresholds[:2] == before[1][:2]  # young collections go on
        assert thresholds[2] > 10_000  # the full one waits for the next statement
    assert (sys.getswitchinterval(), gc.get_threshold()) == before


def test_user_code_runs_with_its_own_switch_interval_and_thresholds(tmp_path):
    typed = ("sys.setswitchinterval(0.02); gc.set_threshold(900, 11, 12)\r"
             "state = (sys.getswitchinterval(), gc.get_threshold())\r" + CTRL_D)
    before = (sys.getswitchinterval(), gc.get_threshold())
    try:
        _, namespace = _run_repl_recording_prompt_state(tmp_path, typed)
        assert namespace["state"] == (0.02, (900, 11, 12))
    finally:
        sys.setswitchinterval(before[0])
        gc.set_threshold(*before[1])


def test_responsive_prompt_restores_the_settings_after_an_exception():
    before = (sys.getswitchinterval(), gc.get_threshold())
    try:
        with responsive_prompt():
            raise KeyboardInterrupt
    except KeyboardInterrupt:
        pass
    assert (sys.getswitchinterval(), gc.get_threshold()) == before
