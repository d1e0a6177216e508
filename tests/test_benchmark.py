"""The benchmark times text the pipeline reads for the first time."""

import functools
import importlib
import inspect
import pkgutil

import zhibiao
from zhibiao.benchmark import clear_text_caches
from zhibiao.boundaries import clause_words
from zhibiao.patterns import load_patterns
from zhibiao.quantities import find_values


def _text_caches():
    """Every function of the package cached by its first argument when that argument is a text or a clause."""
    for module_info in pkgutil.walk_packages(zhibiao.__path__, "zhibiao."):
        if module_info.name.endswith("__main__"):
            continue  # runs the command line
        module = importlib.import_module(module_info.name)
        for value in vars(module).values():
            if isinstance(value, functools._lru_cache_wrapper) and value.__module__ == module.__name__:
                first = next(iter(inspect.signature(value.__wrapped__).parameters), None)
                if first in ("text", "clause"):
                    yield value


def test_clear_text_caches_empties_every_cache_keyed_by_text():
    caches = list(_text_caches())
    assert len(caches) >= 3  # the words of a text, of a clause, a sentence's numbers
    clause_words("全县地区生产总值增长6%，新建道路12公里。", 2, 10)
    find_values("新建道路12公里。", load_patterns("configs/rules.json"))
    assert all(cache.cache_info().currsize for cache in caches)
    clear_text_caches()
    assert [cache.__name__ for cache in caches if cache.cache_info().currsize] == []
