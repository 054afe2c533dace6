"""The base of every record read from params: frozen, and unknown keys refused."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict

#: libyaml's loader when it is there (ten times faster on the catalogue), else PyYAML's.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(path: Path) -> object:
    """A params YAML file, parsed safely (no Python objects). Raises OSError and
    yaml.YAMLError for the caller to turn into a problem naming the file."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)


class Record(BaseModel):
    """A frozen pydantic model that rejects keys it does not know (a typo is an error)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
