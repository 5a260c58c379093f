"""Look at live objects without running their code.

Completion and signature lookup must never run a ``@property``, a
``cached_property``, a ``__getattr__`` or a ``__dir__`` of the user's objects
(they may talk to hardware, mutate state or sleep). Everything here reads class
and instance ``__dict__``s through the C-level slots, as ``inspect.getattr_static``
does, and uses ``issubclass(type(x), T)`` instead of ``isinstance`` because
``isinstance`` may consult a user-defined ``__class__`` property.
"""

from __future__ import annotations

import ast
import builtins
import functools
import inspect
import types
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

_type_dict = type.__dict__["__dict__"].__get__
_type_mro = type.__dict__["__mro__"].__get__

FUNCTION_TYPES = (
    types.FunctionType, types.BuiltinFunctionType, types.MethodType, types.MethodDescriptorType,
    types.WrapperDescriptorType, types.MethodWrapperType, types.ClassMethodDescriptorType,
    staticmethod, classmethod, functools.partial,
)
PROPERTY_TYPES = (property, functools.cached_property)
_SAFE_DESCRIPTORS = (types.MemberDescriptorType, types.GetSetDescriptorType)
_SUBSCRIPTABLE = (dict, list, tuple, str)
_ACCESS_HOOKS = ("__getattr__", "__getattribute__", "__dir__", "__class__")
_LITERAL_TYPES = {ast.List: list, ast.Tuple: tuple, ast.Dict: dict, ast.Set: set, ast.JoinedStr: str,
                  ast.ListComp: list, ast.DictComp: dict, ast.SetComp: set}


class Unresolved(Exception):
    """The expression cannot be known without running code."""


@dataclass(frozen=True, slots=True)
class InstanceOf:
    """An object known only by its class, e.g. the result of ``Foo()``."""

    cls: type


def is_a(obj: object, kinds: type | tuple[type, ...]) -> bool:
    """``isinstance`` that never consults a user-defined ``__class__``."""
    return issubclass(type(obj), kinds)


def mro(cls: type) -> tuple[type, ...]:
    """The method resolution order of ``cls`` (read from the slot, not through ``__getattribute__``)."""
    return _type_mro(cls) if is_a(cls, type) else ()


def class_dict(cls: type) -> Mapping[str, object]:
    """A class's own namespace, read through the slot."""
    return _type_dict(cls)


def instance_dict(obj: object) -> Mapping[str, object]:
    """The instance ``__dict__`` of ``obj`` if it has a normal one, else an empty mapping."""
    for klass in mro(type(obj)):
        entry = class_dict(klass).get("__dict__")
        if entry is None:
            continue
        if is_a(entry, _SAFE_DESCRIPTORS) and entry.__name__ == "__dict__":  # type: ignore[union-attr]
            found = entry.__get__(obj, type(obj))  # type: ignore[union-attr]
            return found if is_a(found, dict) else {}
        return {}  # shadowed by something that could run code
    return {}


def has_dynamic_attributes(obj: object) -> bool:
    """Whether looking at ``obj`` the usual way may run user code: its class (or metaclass)
    defines ``__getattr__``, ``__getattribute__``, ``__dir__`` or a ``__class__`` of its own."""
    cls = obj.cls if is_a(obj, InstanceOf) else type(obj)  # type: ignore[union-attr]
    for klass in mro(cls):
        if klass is object or klass.__module__ == "builtins":
            continue
        d = class_dict(klass)
        if any(hook in d for hook in _ACCESS_HOOKS):
            return True
    return False


def kind_of(raw: object) -> str:
    """The completion kind of a raw (un-bound, un-evaluated) attribute or namespace value."""
    if is_a(raw, PROPERTY_TYPES):
        return "property"
    if is_a(raw, types.ModuleType):
        return "module"
    if is_a(raw, type):
        return "class"
    if is_a(raw, FUNCTION_TYPES):
        return "function"
    if is_a(raw, _SAFE_DESCRIPTORS):
        return "attribute"
    return "instance"


def _class_items(cls: type) -> Iterator[tuple[str, object]]:
    for klass in mro(cls):
        d = class_dict(klass)
        yield from d.items()
        annotations = d.get("__annotations__")
        if is_a(annotations, dict):
            for name in annotations:  # dataclass fields without defaults live only here
                yield name, InstanceOf(object)


def attributes(obj: object) -> dict[str, str]:
    """Attribute names of ``obj`` mapped to their kind, found without running user code."""
    found: dict[str, str] = {}
    if is_a(obj, InstanceOf):
        items: Iterator[tuple[str, object]] = _class_items(obj.cls)  # type: ignore[union-attr]
    elif is_a(obj, type):
        items = _chain(_class_items(obj), _class_items(type(obj)))  # type: ignore[arg-type]
    else:
        items = _chain(iter(instance_dict(obj).items()), _class_items(type(obj)))
    for name, raw in items:
        if is_a(name, str) and name not in found:
            found[name] = kind_of(raw)
    return found


def _chain(*parts: Iterator[tuple[str, object]]) -> Iterator[tuple[str, object]]:
    for part in parts:
        yield from part


def static_attribute(obj: object, name: str) -> object:
    """``obj.name`` when it can be known without running code, else :class:`Unresolved`."""
    if is_a(obj, InstanceOf):
        for klass in mro(obj.cls):  # type: ignore[union-attr]
            if name in class_dict(klass):
                found = _bind(class_dict(klass)[name], None)
                # a method of an instance: bound (to the stand-in), so its signature drops `self`
                if is_a(class_dict(klass)[name], types.FunctionType):
                    return types.MethodType(found, obj)
                return found
        raise Unresolved(name)
    try:
        raw = inspect.getattr_static(obj, name)
    except AttributeError:
        raise Unresolved(name) from None
    in_instance = name in instance_dict(obj) or is_a(obj, types.ModuleType)
    if in_instance:
        return raw
    return _bind(raw, obj)


def _bind(raw: object, owner: object) -> object:
    if is_a(raw, staticmethod):
        return raw.__func__  # type: ignore[union-attr]
    if is_a(raw, classmethod):
        return raw.__func__  # type: ignore[union-attr]
    if is_a(raw, PROPERTY_TYPES):
        # never run it; its getter's return annotation may still say what it gives
        getter = raw.fget if is_a(raw, property) else raw.func  # type: ignore[union-attr]
        known = _declared_return(getter)
        if known is None:
            raise Unresolved("property")
        return known
    if is_a(raw, types.FunctionType):
        if owner is not None and not is_a(owner, type):
            return types.MethodType(raw, owner)
        return raw
    if is_a(raw, _SAFE_DESCRIPTORS) and owner is not None and not is_a(owner, type):
        try:
            return raw.__get__(owner, type(owner))  # type: ignore[union-attr]
        except Exception as err:  # noqa: BLE001 - an empty slot is just unknown
            raise Unresolved("descriptor") from err
    if is_a(raw, FUNCTION_TYPES) or not _is_descriptor(raw):
        return raw
    raise Unresolved("descriptor")


def _is_descriptor(raw: object) -> bool:
    return any("__get__" in class_dict(klass) for klass in mro(type(raw)))


def lookup_name(name: str, namespaces: Sequence[Mapping[str, object]]) -> object:
    """A name from the namespaces (innermost first), then builtins."""
    for ns in namespaces:
        if name in ns:
            return ns[name]
    if hasattr(builtins, name):
        return getattr(builtins, name)
    raise Unresolved(name)


def resolve(expr: str, namespaces: Sequence[Mapping[str, object]]) -> object:
    """Evaluate ``expr`` statically: names, attributes, constant subscripts of builtin containers,
    literals and calls of classes. Anything that would run user code raises :class:`Unresolved`."""
    try:
        tree = ast.parse(expr.strip(), mode="eval").body
    except (SyntaxError, ValueError):
        raise Unresolved(expr) from None
    return _evaluate(tree, namespaces)


def safe_to_inspect(expr: str, namespaces: Sequence[Mapping[str, object]]) -> bool:
    """Whether a tool that inspects live objects (jedi) may look at ``expr``: no object it names
    (``a``, ``a.b`` … as far as they resolve statically) has hooks that run on attribute access."""
    try:
        tree = ast.parse(expr.strip(), mode="eval")
    except (SyntaxError, ValueError):
        return False
    for node in ast.walk(tree):
        if not isinstance(node, (ast.Name, ast.Attribute)):
            continue
        try:
            obj = _evaluate(node, namespaces)
        except Unresolved:
            continue
        if has_dynamic_attributes(obj):
            return False
    return True


def _evaluate(node: ast.AST, namespaces: Sequence[Mapping[str, object]]) -> object:
    if isinstance(node, ast.Name):
        return lookup_name(node.id, namespaces)
    if isinstance(node, ast.Constant):
        return node.value
    if type(node) in _LITERAL_TYPES:
        return InstanceOf(_LITERAL_TYPES[type(node)])
    if isinstance(node, ast.Attribute):
        return static_attribute(_evaluate(node.value, namespaces), node.attr)
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
        base = _evaluate(node.value, namespaces)
        if type(base) in _SUBSCRIPTABLE:
            try:
                return base[node.slice.value]  # type: ignore[index]
            except (LookupError, TypeError):
                raise Unresolved("subscript") from None
        raise Unresolved("subscript")
    if isinstance(node, ast.Call):
        return _call_result(_evaluate(node.func, namespaces))
    raise Unresolved(type(node).__name__)


def _call_result(func: object) -> object:
    if is_a(func, type):
        return InstanceOf(func)  # type: ignore[arg-type]
    target = func.__func__ if is_a(func, types.MethodType) else func  # type: ignore[union-attr]
    known = _declared_return(target)
    if known is None:
        raise Unresolved("call")
    return known


def _declared_return(function: object) -> InstanceOf | None:
    """``InstanceOf(T)`` when a plain function is annotated ``-> T`` with a class (or the name of
    one in its module); reading annotations runs nothing."""
    if not is_a(function, types.FunctionType):
        return None
    annotation = function.__annotations__.get("return")  # type: ignore[union-attr]
    if is_a(annotation, str):  # `from __future__ import annotations`: a name to look up
        module_globals = function.__globals__  # type: ignore[union-attr]
        annotation = module_globals.get(annotation, vars(builtins).get(annotation))
    return InstanceOf(annotation) if is_a(annotation, type) else None  # type: ignore[arg-type]


def safe_signature(func: object) -> inspect.Signature | None:
    """``inspect.signature`` for functions and plain classes only: objects whose signature lookup
    cannot reach a user ``__getattr__``."""
    if not (is_a(func, FUNCTION_TYPES) or (is_a(func, type) and type(func) is type)):
        return None
    try:
        return inspect.signature(func)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
