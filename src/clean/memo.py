"""A page's memo of what the stages work out from a line's text alone.

`settle` (pipeline.py) runs every stage again on the kept text until a pass removes
nothing, and several stages ask the same things of the same line (how many words,
is it a paragraph of prose, its word 3-grams): a page of ~300 lines is read some ~2.5
times over by each stage. Each answer that depends on the text alone is worked out
once per page and looked up after that.

The memo belongs to one page: `Document` carries it from stage to stage and `settle`
hands it to each pass; a new page starts with an empty one. Nothing is shared
between pages, so pages stay independent and threads may clean pages at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar, cast

__all__ = ["Memo", "Table"]

_T = TypeVar("_T")
_P = TypeVar("_P")


class Table(dict[str, _T], Generic[_T]):
    """text -> fn(text), filled on first look-up: `table[text]` is a dict look-up after that."""

    __slots__ = ("_fn",)

    def __init__(self, fn: Callable[[str], _T]) -> None:
        super().__init__()
        self._fn = fn

    def __missing__(self, text: str) -> _T:
        value = self[text] = self._fn(text)
        return value


class Memo:
    """One `Table` per function of a line's text. `fn` must depend on its argument alone
    (no options, no neighbours): the table hands back its first answer for good."""

    __slots__ = ("_helpers", "_tables")

    def __init__(self) -> None:
        self._tables: dict[Callable[[str], Any], Table[Any]] = {}
        self._helpers: dict[Callable[[], Any], Any] = {}

    def of(self, fn: Callable[[str], _T]) -> Table[_T]:
        table = self._tables.get(fn)
        if table is None:
            table = self._tables[fn] = Table(fn)
        return cast(Table[_T], table)

    def page(self, factory: Callable[[], _P]) -> _P:
        """The page's one `factory()`: for answers by text kept in another shape than a
        table (a matrix with a row per text, say). Same rule: by text alone."""
        helper = self._helpers.get(factory)
        if helper is None:
            helper = self._helpers[factory] = factory()
        return cast(_P, helper)
