"""zhibiao: structured indicator data from Chinese government work reports."""

__version__ = "0.1.0"


def __getattr__(name):
    # Lazy: `import zhibiao` stays cheap; spaCy loads only when extract is used.
    if name == "extract":
        from .extraction import extract

        return extract
    raise AttributeError(f"module 'zhibiao' has no attribute {name!r}")
