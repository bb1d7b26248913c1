"""msgspec mirrors of the validated models, for the cache.

A cached record is a msgspec Struct with exactly the fields (and the few properties) of its Pydantic
model, so code that reads entities works on either. Loading 35,000 Structs from msgpack takes a
fraction of a second; validating or unpickling 35,000 Pydantic models takes seconds. Structs are only
ever built from data that a Pydantic model validated first.
"""

from __future__ import annotations

import types
import typing
from typing import Any

import msgspec
from pydantic import BaseModel

from .models import KIND_MODELS

_MIRRORS: dict[type[BaseModel], type[msgspec.Struct]] = {}


def _plain(annotation: Any) -> Any:
    """The annotation without Annotated[...] constraints, with models replaced by their mirrors."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _plain(typing.get_args(annotation)[0])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return mirror(annotation)
    if origin in (types.UnionType, typing.Union):
        args = tuple(_plain(a) for a in typing.get_args(annotation))
        result = args[0]
        for arg in args[1:]:
            result = result | arg
        return result
    if origin in (list, dict):
        args = tuple(_plain(a) for a in typing.get_args(annotation))
        return origin[args]
    return annotation


def mirror(model: type[BaseModel], tag: str | None = None) -> type[msgspec.Struct]:
    """The Struct class that mirrors a model: same field names, types and defaults.

    Top-level records carry a tag (their kind) so that one cache entry can hold any of them.
    """
    if model in _MIRRORS:
        return _MIRRORS[model]
    fields: list[tuple[str, Any, Any]] = []
    for name, info in model.model_fields.items():
        kind = _plain(info.annotation)
        if info.is_required():
            fields.append((name, kind, msgspec.NODEFAULT))
        else:
            default = info.get_default(call_default_factory=True)
            fields.append(
                (
                    name,
                    kind,
                    msgspec.field(default_factory=list)
                    if default == []
                    else msgspec.field(default_factory=dict)
                    if default == {}
                    else default,
                )
            )
    required = [f for f in fields if f[2] is msgspec.NODEFAULT]
    optional = [f for f in fields if f[2] is not msgspec.NODEFAULT]
    namespace = {k: v for k, v in vars(model).items() if isinstance(v, property)}
    struct = msgspec.defstruct(
        f"{model.__name__}Record",
        [*((n, t) for n, t, _ in required), *optional],
        namespace=namespace,
        kw_only=True,
        omit_defaults=True,
        tag=tag,
        tag_field="kind_" if tag else None,
    )
    _MIRRORS[model] = struct
    return struct


RECORD_TYPES: dict[str, type[msgspec.Struct]] = {kind: mirror(model, kind) for kind, model in KIND_MODELS.items()}


def to_record(kind: str, model: BaseModel, data: Any = None) -> msgspec.Struct:
    """A validated model as its cache record.

    From the data the model was validated from when msgspec takes it as it is (five times faster);
    from the model's own values when the file used what only Pydantic accepts (Chinese enum labels,
    numbers for text…).
    """
    if data is not None:
        try:
            return msgspec.convert(data, RECORD_TYPES[kind], strict=False)
        except msgspec.ValidationError:
            pass
    return msgspec.convert(
        model.model_dump(mode="python", exclude_defaults=True), RECORD_TYPES[kind], from_attributes=False
    )
