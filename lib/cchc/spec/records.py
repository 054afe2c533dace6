"""The base of every record read from params: frozen, and unknown keys refused."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Record(BaseModel):
    """A frozen pydantic model that rejects keys it does not know (a typo is an error)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
