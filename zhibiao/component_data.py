"""What the project's data-driven components share with spaCy's SpanRuler: their data is one JSON document,
given through `initialize` (`[initialize.components.NAME.KEY]` in the config) and saved with the pipeline
(to_disk/from_disk as NAME/FILE, to_bytes/from_bytes). A subclass says how to read and write its data.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, Iterable, Iterator, Optional

import srsly


class JsonDataComponent:
    name: str
    DATA_KEY = "data"  # the initialize argument and config key that gives the data
    DATA_NAME = "data"  # what the data is called in messages
    DATA_FILE = "data.json"  # its file inside the saved pipeline's component folder
    DATA_SOURCE = ""  # where such data comes from, for the error that says it is missing
    data: Optional[Dict[str, Any]] = None  # as given, and as saved

    def _read_data(self, data: Dict[str, Any]) -> None:
        """Take the plain data in (check it, build what the component runs on); ValueError when it is wrong."""
        raise NotImplementedError

    def _load(self, data: Dict[str, Any]) -> None:
        self._read_data(data)
        self.data = data

    def _initialize_data(self, data: Optional[Dict[str, Any]]) -> None:
        if not data:
            raise ValueError(f"{self.name}: no {self.DATA_NAME}; give it in the config as "
                             f"[initialize.components.{self.name}.{self.DATA_KEY}] ({self.DATA_SOURCE})")
        self._load(data)

    def _check_data(self) -> None:
        if self.data is None:
            raise ValueError(f"{self.name} has no {self.DATA_NAME}: call nlp.initialize() with "
                             f"[initialize.components.{self.name}.{self.DATA_KEY}], or load a saved pipeline")

    def __call__(self, doc):
        raise NotImplementedError

    def pipe(self, docs: Iterable, batch_size: int = 128) -> Iterator:
        for doc in docs:
            yield self(doc)

    def to_bytes(self, *, exclude=()) -> bytes:
        self._check_data()
        return srsly.json_dumps(self.data).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude=()):
        self._load(srsly.json_loads(data))
        return self

    def to_disk(self, path, *, exclude=()) -> None:
        self._check_data()
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / self.DATA_FILE, self.data)

    def from_disk(self, path, *, exclude=()):
        location = Path(path) / self.DATA_FILE
        try:
            self._load(srsly.read_json(location))
        except ValueError as error:
            raise ValueError(f"{location}: {error}") from None
        return self
