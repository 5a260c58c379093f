"""Debugging from threads: set_trace works off the main thread, one session at a time."""

from __future__ import annotations

import io
import threading

from debugger import Debugger, DebuggerSettings


class Recorder(io.StringIO):
    """A stdout that also logs (who, text) in the order writes happen across threads."""

    def __init__(self, who: str, log: list[tuple[str, str]]) -> None:
        super().__init__()
        self.who, self.log = who, log

    def write(self, text: str) -> int:
        self.log.append((self.who, text))
        return super().write(text)


def test_a_second_set_trace_waits_until_the_first_session_continues():
    log: list[tuple[str, str]] = []
    first_at_prompt, second_arrived = threading.Event(), threading.Event()

    class FirstInput:
        """Answers the first prompt only after the second thread has hit its set_trace."""

        def __init__(self) -> None:
            self.lines = ["p 'first'\n", "c\n"]

        def readline(self) -> str:
            first_at_prompt.set()
            second_arrived.wait(10)
            # Give a second session the chance to (wrongly) start talking meanwhile.
            second.join(0.3)
            return self.lines.pop(0) if self.lines else ""

    def first_program() -> None:
        debugger = Debugger(stdin=FirstInput(), stdout=Recorder("first", log), nosigint=True,
                            readrc=False, settings=DebuggerSettings())
        debugger.set_trace()
        done["first"] = threading.current_thread().name

    def second_program() -> None:
        first_at_prompt.wait(10)
        debugger = Debugger(stdin=io.StringIO("p 'second'\nc\n"), stdout=Recorder("second", log),
                            nosigint=True, readrc=False, settings=DebuggerSettings())
        second_arrived.set()
        debugger.set_trace()
        done["second"] = threading.current_thread().name

    done: dict[str, str] = {}
    first = threading.Thread(target=first_program, name="worker-1")
    second = threading.Thread(target=second_program, name="worker-2")
    first.start()
    second.start()
    first.join(20)
    second.join(20)
    assert done == {"first": "worker-1", "second": "worker-2"}
    order = [who for who, _ in log]
    assert order == sorted(order, key=lambda who: who != "first"), order
    assert "'first'" in "".join(text for who, text in log if who == "first")
    assert "'second'" in "".join(text for who, text in log if who == "second")
