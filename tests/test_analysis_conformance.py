"""One conformance test for every analysis (scikit-learn's estimator API).

Every concrete subclass of ``totalquality.Analysis`` anywhere in the package is
checked: ``__init__`` stores parameters only (no results, no work), parameters
round-trip through get_params/set_params, and results read before ``fit`` raise
NotFittedError.
"""

import importlib
import inspect
import pkgutil

import pytest

import totalquality
from totalquality._base import ANALYSES
from totalquality._errors import NotFittedError


def _import_all() -> None:
    for info in pkgutil.walk_packages(totalquality.__path__, "totalquality."):
        # CLI/web are edges, and Alembic's env.py only runs inside a migration
        if ".web" in info.name or ".cli" in info.name or ".migrations" in info.name:
            continue
        importlib.import_module(info.name)


_import_all()


def test_analyses_are_registered():
    assert isinstance(ANALYSES, list)


@pytest.mark.parametrize("cls", ANALYSES, ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_init_only_stores_parameters(cls):
    sig = inspect.signature(cls.__init__)
    for p in sig.parameters.values():
        if p.name == "self":
            continue
        assert p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD), "no *args/**kwargs in __init__"
        assert p.default is not inspect.Parameter.empty, f"{p.name} needs a default"
    obj = cls()
    params = obj.get_params()
    for name, p in sig.parameters.items():
        if name == "self":
            continue
        assert params[name] is p.default or params[name] == p.default
    # no result attributes before fit
    assert not obj.is_fitted()
    assert not [k for k in vars(obj) if k.endswith("_") and not k.startswith("_")]
    assert callable(getattr(cls, "fit", None)), "an analysis has fit()"
    obj.set_params(**params)
    assert repr(obj).startswith(cls.__name__)


@pytest.mark.parametrize("cls", ANALYSES, ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_results_before_fit_raise(cls):
    obj = cls()
    with pytest.raises(NotFittedError):
        _ = obj.result_
