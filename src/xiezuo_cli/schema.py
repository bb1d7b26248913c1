"""JSON Schema of each file kind, for editors (yaml-language-server)."""

from __future__ import annotations

import json
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from .enums import LabeledEnum
from .models import KIND_MODELS, Config, Model
from .validation import FIELD_LABELS


class _LedgerSchema(GenerateJsonSchema):
    """Enums accept their Chinese labels too; dates are ISO strings; money is a number."""

    def enum_schema(self, schema: core_schema.EnumSchema) -> JsonSchemaValue:
        result = super().enum_schema(schema)
        cls = schema["cls"]
        if issubclass(cls, LabeledEnum):
            result["enum"] = [m.value for m in cls] + [m.label for m in cls]
            result["description"] = cls.choices()
        return result

    def decimal_schema(self, schema: core_schema.DecimalSchema) -> JsonSchemaValue:
        result: dict[str, Any] = {"type": "number"}
        if schema.get("ge") is not None:
            result["minimum"] = 0
        return result


def _describe(schema: dict[str, Any]) -> None:
    for name, prop in schema.get("properties", {}).items():
        if name in FIELD_LABELS and "description" not in prop:
            prop["description"] = FIELD_LABELS[name]
    for sub in schema.get("$defs", {}).values():
        _describe(sub)


def schemas() -> dict[str, str]:
    """File name → JSON text, one per kind plus xiezuo.yaml."""
    models: dict[str, type[Model]] = {"xiezuo": Config, **{k.rstrip("s"): m for k, m in KIND_MODELS.items()}}
    out = {}
    for name, model in models.items():
        schema = model.model_json_schema(schema_generator=_LedgerSchema, mode="validation")
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        _describe(schema)
        out[f"{name}.schema.json"] = json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    return out
