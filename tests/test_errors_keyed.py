"""Every error a user can meet speaks the reader's language: no plain-Dutch user errors are left.

An :class:`~assetmap.errors.AssetMapError` raised with a plain message stays Dutch in English,
Turkish and Arabic. This test reads the package's source and fails on any such raise (or a
function that returns one), so a new plain message cannot slip in. Programming errors
(``ValueError``, ``TypeError`` …) are not user errors and may stay plain.
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

from assetmap import errors

PACKAGE = Path(__file__).resolve().parents[1] / "assetmap"
USER_ERRORS = {name for name, obj in vars(errors).items()
               if inspect.isclass(obj) and issubclass(obj, errors.AssetMapError)}


def _plain_user_errors(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        call = node.exc if isinstance(node, ast.Raise) else (
            node.value if isinstance(node, ast.Return) else None)
        if not isinstance(call, ast.Call):
            continue
        name = getattr(call.func, "id", getattr(call.func, "attr", ""))
        if name not in USER_ERRORS:
            continue
        keyed = any(k.arg == "key" for k in call.keywords)
        message = call.args[0] if call.args else next(
            (k.value for k in call.keywords if k.arg == "message"), None)
        if not keyed and isinstance(message, ast.Constant | ast.JoinedStr | ast.BinOp):
            found.append((node.lineno, name))
    return found


def test_the_check_finds_a_plain_user_error():
    tree = ast.parse('def f():\n    raise ValidationError("Naam is verplicht", field="name")\n'
                     'def g():\n    return StorageError(f"kapot {x}")\n'
                     'def h():\n    raise ValidationError(field="name", key="required")\n'
                     'def i():\n    raise ValueError("programming error")\n')
    assert _plain_user_errors(tree) == [(2, "ValidationError"), (4, "StorageError")]


def test_no_user_error_is_raised_with_a_plain_message():
    plain = [f"{path.relative_to(PACKAGE.parent)}:{line} {name}"
             for path in sorted(PACKAGE.rglob("*.py"))
             for line, name in _plain_user_errors(ast.parse(path.read_text(encoding="utf-8")))]
    assert not plain, ("raise these with key=/params= and catalogue words (err_<key>):\n"
                       + "\n".join(plain))
