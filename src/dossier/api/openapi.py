"""The OpenAPI document: FastAPI's, with the error shape and the contract's JSON Schemas (analysis and claim
records) added as components, their internal references rewritten to point there."""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from dossier.api.errors import ERROR_SCHEMA

_CONTRACT = {"Analysis": "schema/analysis.schema.json", "Claim": "schema/claim.schema.json"}


def openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema is None:
        document = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        schemas = document.setdefault("components", {}).setdefault("schemas", {})
        schemas["Error"] = ERROR_SCHEMA
        for name, path in _CONTRACT.items():
            schemas.update(contract_components(name, path))
        app.openapi_schema = document
    return app.openapi_schema


@cache
def contract_components(name: str, path: str) -> dict[str, Any]:
    """A contract schema as components: the record as ``name``, each of its ``$defs`` as ``name_def``."""
    schema = json.loads(files("dossier").joinpath(path).read_text("utf-8"))
    definitions = schema.pop("$defs", {})
    for key in ("$schema", "$id"):
        schema.pop(key, None)
    found = {name: schema, **{f"{name}_{key}": value for key, value in definitions.items()}}
    return {key: _rewrite(value, name) for key, value in found.items()}


def _rewrite(node: Any, name: str) -> Any:
    if isinstance(node, dict):
        return {k: (f"#/components/schemas/{name}_{v.removeprefix('#/$defs/')}"
                    if k == "$ref" and isinstance(v, str) and v.startswith("#/$defs/") else _rewrite(v, name))
                for k, v in node.items()}
    if isinstance(node, list):
        return [_rewrite(v, name) for v in node]
    return node
