"""PythonCompleter: what it offers, and that it never runs the user's code."""

from __future__ import annotations

import functools
import os
import threading

import pytest

from shellkit.python.completer import PythonCompleter


class Device:
    """An object whose attribute access has side effects, like an instrument driver."""

    def __init__(self) -> None:
        self.runs: list[str] = []
        self.serial = "X1"

    @property
    def position(self) -> int:
        self.runs.append("property")
        return 5

    @functools.cached_property
    def calibration(self) -> dict:
        self.runs.append("cached_property")
        return {}

    def __getattr__(self, name: str):
        # object.__getattribute__ avoids recursion through this very method
        object.__getattribute__(self, "runs").append(f"__getattr__({name})")
        raise AttributeError(name)

    def __dir__(self):
        object.__getattribute__(self, "runs").append("__dir__")
        return ["ghost"]

    def move(self, distance: float, *, speed: float = 1.0) -> None:
        """Move the stage."""


def texts(completions) -> list[str]:
    return [c.text for c in completions]


def metas(completions) -> dict[str, str]:
    return {c.text: c.display_meta_text for c in completions}


@pytest.fixture
def namespace() -> dict:
    return {"os": os, "dev": Device(), "config": {"alpha": 1, "beta": 2, 3: "x"}, "Device": Device,
            "_hidden": 1, "visible_value": 2}


@pytest.fixture
def completer(namespace) -> PythonCompleter:
    return PythonCompleter(lambda: (namespace, namespace))


@pytest.mark.parametrize("text", ["dev.", "dev.po", "dev.position.", "dev.position.re", "dev.calibration.",
                                  "dev.calibration['", "dev.ghost.", "dev.move(", "dev.move(sp",
                                  "dev.position.bit_length(", "dev._"])
def test_completion_never_runs_properties_getattr_or_dir(completer, namespace, text):
    completer.complete(text)
    assert namespace["dev"].runs == []
    assert "calibration" not in vars(namespace["dev"])  # the cached_property was not filled in


def test_attributes_of_an_object_come_with_their_kind(completer):
    found = metas(completer.complete("dev."))
    assert found["position"] == "property"
    assert found["calibration"] == "property"
    assert found["move"] == "function"
    assert found["serial"] == "instance"


def test_module_attributes_match_the_typed_prefix_first(completer):
    found = texts(completer.complete("os.pa"))
    assert found[:5] == ["pardir", "path", "pathconf", "pathconf_names", "pathsep"]
    assert metas(completer.complete("os.pa"))["path"] == "module"


def test_fuzzy_matching_finds_letters_in_order(completer):
    assert "getcwd" in texts(completer.complete("os.gcwd"))


def test_private_names_only_after_underscore(completer):
    assert "_hidden" not in texts(completer.complete("h"))
    assert "_hidden" in texts(completer.complete("_h"))
    assert not any(t.startswith("_") for t in texts(completer.complete("dev.")))
    assert "__init__" in texts(completer.complete("dev.__"))


def test_names_include_namespace_builtins_and_keywords(completer):
    found = metas(completer.complete("vis"))
    assert found["visible_value"] == "instance"
    assert metas(completer.complete("pri"))["print"] == "function"
    assert metas(completer.complete("whil"))["while"] == "keyword"


def test_dict_keys_complete_inside_the_quote(completer):
    assert texts(completer.complete("config['")) == ["alpha']", "beta']"]
    assert texts(completer.complete('config["b')) == ['beta"]']


def test_import_completes_module_names(completer):
    assert "os" in texts(completer.complete("import o"))
    assert texts(completer.complete("import os.pa")) == ["path"]
    assert "path" in texts(completer.complete("from os import pa"))
    assert texts(completer.complete("from os i")) == ["import"]


def test_keyword_arguments_of_the_call_come_first(completer):
    found = completer.complete("dev.move(sp")
    assert found[0].text == "speed="
    assert found[0].display_meta_text == "param"
    assert "distance=" in texts(completer.complete("dev.move(d"))


def test_file_paths_inside_strings(completer, tmp_path):
    (tmp_path / "report.csv").write_text("")
    (tmp_path / "reports").mkdir()
    found = metas(completer.complete(f"open('{tmp_path}/rep"))
    assert found == {"report.csv": "file", "reports/": "directory"}


def test_literal_and_class_call_results_complete_from_their_type(completer):
    assert "upper" in texts(completer.complete("'abc'.up"))
    assert "move" in texts(completer.complete("Device().mo"))


def test_namespaces_are_read_on_every_completion():
    frames = [{"first_frame_var": 1}, {"second_frame_var": 2}]
    current = {"ns": frames[0]}
    completer = PythonCompleter(lambda: (current["ns"], current["ns"]), use_jedi=False)
    assert "first_frame_var" in texts(completer.complete("fi"))
    current["ns"] = frames[1]
    assert "first_frame_var" not in texts(completer.complete("fi"))
    assert "second_frame_var" in texts(completer.complete("sec"))


def test_a_cancelled_completion_yields_nothing_more(completer):
    from prompt_toolkit.completion import CompleteEvent
    from prompt_toolkit.document import Document

    gen = completer.get_completions(Document("os."), CompleteEvent())
    first = next(gen)
    assert first.text
    completer.cancel()
    assert list(gen) == []


def test_big_namespace_of_5000_attributes_completes(completer, namespace):
    class Big:
        pass

    big = Big()
    for i in range(5000):
        setattr(big, f"attr_{i}", i)
    namespace["big"] = big
    found = texts(completer.complete("big.attr_499"))
    assert found[0] == "attr_499"


def test_completion_in_a_comment_offers_nothing(completer):
    assert completer.complete("# os.") == []


def test_completion_is_safe_from_another_thread(completer):
    results = []
    t = threading.Thread(target=lambda: results.append(texts(completer.complete("os.pa"))))
    t.start()
    t.join()
    assert "path" in results[0]


def test_jedi_fills_in_what_the_static_path_cannot_know_without_running_properties():
    runs = []

    class Sensor:
        @property
        def reading(self):  # no annotation: only jedi could guess what it returns
            runs.append("property")
            return "x"

    namespace = {"sensor": Sensor(), "x": [1]}
    from shellkit.python.jedi_backend import JediWorker

    completer = PythonCompleter(lambda: (namespace, namespace), jedi_worker=JediWorker(deadline=30))  # a cold jedi import may be slow on a busy machine
    assert "bit_length" in texts(completer.complete("len(x).bit"))
    completer.complete("sensor.reading.")
    assert runs == []


def test_from_import_of_a_module_not_yet_imported_reads_its_source_not_runs_it():
    import sys

    from shellkit.python.jedi_backend import JediWorker

    sys.modules.pop("this", None)
    completer = PythonCompleter(lambda: ({}, {}), jedi_worker=JediWorker(deadline=30))
    completer.complete("from this import ")
    assert "this" not in sys.modules  # importing `this` would print the Zen of Python


def test_dict_key_menu_shows_the_key_and_inserts_the_closing_quote_and_bracket(completer):
    found = completer.complete("config['a")
    assert [(c.text, c.display_text) for c in found] == [("alpha']", "alpha")]


def test_bare_subscript_offers_key_literals_and_names(completer):
    found = texts(completer.complete("config["))
    assert found[:3] == ["'alpha'", "'beta'", "3"]
    assert "visible_value" in found


def test_a_jedi_answer_after_the_deadline_is_shown_on_the_next_request():
    from shellkit.python.jedi_backend import JediWorker

    namespace = {"x": [1]}
    worker = JediWorker(deadline=0)
    busy = threading.Event()
    worker._submit(busy.wait)  # the jedi job queues behind this one: it cannot answer in time
    completer = PythonCompleter(lambda: (namespace, namespace), jedi_worker=worker)
    assert texts(completer.complete("len(x).bit")) == []
    busy.set()
    done = threading.Event()
    worker._submit(done.set)  # queued behind the jedi job: set once that job has finished
    assert done.wait(60)
    assert "bit_length" in texts(completer.complete("len(x).bit"))


class Proxy:
    """Like werkzeug's LocalProxy: even ``__class__`` is computed."""

    def __init__(self, runs: list) -> None:
        self._runs = runs

    @property
    def __class__(self):
        self._runs.append("__class__")
        return int


class Meta(type):
    def __getattr__(cls, name):
        cls.runs.append(f"metaclass __getattr__({name})")
        raise AttributeError(name)


class Managed(metaclass=Meta):
    runs: list = []
    limit = 3


@pytest.mark.parametrize("text", ["proxy.", "proxy.real.", "proxy.__class__.", "Managed.", "Managed.limit.",
                                  "Managed.missing.", "proxy.real(", "Managed.missing("])
def test_objects_with_access_hooks_are_never_handed_to_jedi(text):
    runs: list = []
    Managed.runs = runs
    namespace = {"proxy": Proxy(runs), "Managed": Managed}
    from shellkit.python.jedi_backend import JediWorker
    from shellkit.python.signatures import signature_at

    worker = JediWorker(deadline=30)
    completer = PythonCompleter(lambda: (namespace, namespace), jedi_worker=worker)
    completer.complete(text)
    signature_at(text, [namespace], worker=worker)
    assert runs == []


def test_multi_line_name_completion_still_offers_namespace_names(completer):
    found = texts(completer.complete("for i in range(3):\n    vis"))
    assert "visible_value" in found


def test_odd_namespace_keys_and_values_do_not_break_completion():
    namespace = {1: "not a name", "none": None, "fine": 1}
    completer = PythonCompleter(lambda: (namespace, namespace), use_jedi=False)
    assert "fine" in texts(completer.complete("fi"))
    assert completer.complete("none.") == []
    assert "fine" in texts(completer.complete("print(fi"))


def test_dict_keys_of_str_subclasses_are_not_touched():
    class Loud(str):
        def startswith(self, *args):
            raise AssertionError("user code ran")

        def __repr__(self):
            raise AssertionError("user code ran")

        __hash__ = str.__hash__

    namespace = {"d": {Loud("k"): 1, "plain": 2}}
    completer = PythonCompleter(lambda: (namespace, namespace), use_jedi=False)
    assert texts(completer.complete("d['")) == ["plain']"]
    assert texts(completer.complete("d["))[:1] == ["'plain'"]


def test_from_import_of_a_package_not_yet_imported_lists_its_names_and_submodules():
    import sys

    from shellkit.python.jedi_backend import JediWorker

    saved = {m: sys.modules.pop(m) for m in list(sys.modules) if m == "json" or m.startswith("json.")}
    try:
        completer = PythonCompleter(lambda: ({}, {}), jedi_worker=JediWorker(deadline=30))
        found = metas(completer.complete("from json import "))
        assert found["decoder"] == "module"
        assert "loads" in found
        assert "json" not in sys.modules
    finally:
        sys.modules.update(saved)


def test_a_property_annotated_with_its_type_completes_without_running():
    runs = []

    class Stage:
        @property
        def label(self) -> str:
            runs.append("property")
            return "x"

        @functools.cached_property
        def table(self) -> dict:
            runs.append("cached_property")
            return {}

    namespace = {"stage": Stage()}
    completer = PythonCompleter(lambda: (namespace, namespace), use_jedi=False)
    assert "upper" in texts(completer.complete("stage.label.up"))
    assert "items" in texts(completer.complete("stage.table.ite"))
    assert runs == []


def test_environment_variables_complete_as_keys_of_os_environ(completer, monkeypatch):
    monkeypatch.setenv("SHELLKIT_TEST_VARIABLE", "1")
    assert "SHELLKIT_TEST_VARIABLE']" in texts(completer.complete("os.environ['SHELLKIT_T"))


def test_a_late_jedi_answer_asks_the_caller_to_complete_again():
    from shellkit.python.jedi_backend import JediWorker

    namespace = {"x": [1]}
    asked = threading.Event()
    worker = JediWorker(deadline=0)
    busy = threading.Event()
    worker._submit(busy.wait)  # the jedi job queues behind this one: it cannot answer in time
    completer = PythonCompleter(lambda: (namespace, namespace), jedi_worker=worker)
    completer.on_late_answer = asked.set
    assert texts(completer.complete("len(x).bit")) == []
    busy.set()
    assert asked.wait(60)
    assert "bit_length" in texts(completer.complete("len(x).bit"))


def test_a_request_before_jedi_is_loaded_is_answered_once_it_is():
    from shellkit.python.jedi_backend import JediWorker

    namespace = {"x": [1]}
    asked = threading.Event()
    worker = JediWorker(deadline=30, defer_loading=True)
    completer = PythonCompleter(lambda: (namespace, namespace), jedi_worker=worker)
    completer.on_late_answer = asked.set
    assert texts(completer.complete("len(x).bit")) == []  # not loaded: no waiting at all
    worker.warm_up()
    assert asked.wait(60)
    assert "bit_length" in texts(completer.complete("len(x).bit"))
