"""Discord's OpenAPI spec (``tests/data/discord/openapi.json``) as a request validator.

``load_spec()`` resolves ``METHOD path`` to the spec's operation and validates JSON bodies with
JSON Schema Draft 2020-12, the spec's ``components`` served through a ``referencing`` registry.

Where the spec and Discord's docs disagree the docs win (the spec README says so; see
PROTOCOL.md §8), so before validating we accept what the docs allow: attachment ids given as
numbers (upload placeholders), ``default_member_permissions`` as an int-parseable string, and
the multipart ``payload_json``/``files[n]`` parts the spec leaves out. Docs-only rules (content
≤2000, embed total ≤6000, ...) are checked by the fake itself.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from jsonschema import Draft202012Validator, ValidationError
from jsonschema.exceptions import best_match
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC_PATH = Path(__file__).resolve().parent.parent / "data" / "discord" / "openapi.json"
_SPEC_URI = "urn:discord:openapi"
_METHODS = ("get", "put", "post", "patch", "delete")


@dataclass(frozen=True, slots=True)
class Operation:
    operation_id: str
    method: str
    template: str
    bot_only: bool
    """The spec offers no unauthenticated alternative (``security`` lacks ``{}``)."""
    body_schemas: dict[str, Any]
    """Content type → JSON Schema of the request body."""


@dataclass(frozen=True, slots=True)
class Match:
    operation: Operation
    params: dict[str, str]


class OpenAPISpec:
    def __init__(self, document: dict[str, Any]) -> None:
        self._routes: list[tuple[re.Pattern[str], Operation]] = []
        for template, item in cast(dict[str, dict[str, Any]], document["paths"]).items():
            for method in _METHODS:
                if method in item:
                    self._routes.append(
                        (_path_pattern(template), _operation(template, method, item))
                    )
        # Literal segments beat parameters: ``/messages/@original`` before ``/messages/{id}``.
        self._routes.sort(key=lambda route: route[1].template.count("{"))
        resource = Resource.from_contents(document, default_specification=DRAFT202012)
        self._registry: Registry[Any] = Registry().with_resource(_SPEC_URI, resource)
        self._validators: dict[tuple[str, str], Draft202012Validator] = {}

    def match(self, method: str, path: str) -> Match | None:
        """The operation for ``path`` (relative to the API base, e.g. ``/users/@me/channels``)."""
        for pattern, operation in self._routes:
            if operation.method != method.upper():
                continue
            found = pattern.fullmatch(path)
            if found:
                return Match(operation, found.groupdict())
        return None

    def operation(self, operation_id: str) -> Operation:
        return next(op for _, op in self._routes if op.operation_id == operation_id)

    def validate(self, operation: Operation, content_type: str, body: Any) -> list[str]:
        """Problems with ``body`` (the JSON, or the parsed ``payload_json``); [] when valid."""
        schema = operation.body_schemas.get(content_type)
        if schema is None:
            return [f"{operation.operation_id} takes no {content_type} body"]
        validator = self._validator(operation, content_type, schema)
        errors = sorted(validator.iter_errors(lenient(body)), key=lambda e: e.json_path)
        return [_describe(error) for error in errors]

    def _validator(
        self, operation: Operation, content_type: str, schema: Any
    ) -> Draft202012Validator:
        key = (operation.operation_id, content_type)
        if key not in self._validators:
            self._validators[key] = Draft202012Validator(
                _absolute_refs(schema), registry=self._registry
            )
        return self._validators[key]


@functools.cache
def load_spec(path: Path = SPEC_PATH) -> OpenAPISpec:
    """The parsed spec; cached, since it is 1.5 MB of JSON."""
    return OpenAPISpec(json.loads(path.read_text(encoding="utf-8")))


def lenient(body: Any) -> Any:
    """``body`` with the docs' allowances turned into what the spec expects."""
    body = copy.deepcopy(body)
    messages = [body] if isinstance(body, dict) else []
    if isinstance(body, dict) and isinstance(body.get("data"), dict):
        messages.append(body["data"])  # interaction callback
    for message in messages:
        for attachment in message.get("attachments") or []:
            if isinstance(attachment, dict) and isinstance(attachment.get("id"), int):
                attachment["id"] = str(attachment["id"])
    for command in body if isinstance(body, list) else []:
        permissions = (
            command.get("default_member_permissions") if isinstance(command, dict) else None
        )
        if isinstance(permissions, str) and permissions.isdigit():
            command["default_member_permissions"] = int(permissions)
    return body


def _operation(template: str, method: str, item: dict[str, Any]) -> Operation:
    spec_op = item[method]
    security = spec_op.get("security", [])
    content = spec_op.get("requestBody", {}).get("content", {})
    return Operation(
        operation_id=spec_op["operationId"],
        method=method.upper(),
        template=template,
        bot_only=bool(security) and {} not in security,
        body_schemas={kind: entry["schema"] for kind, entry in content.items()},
    )


def _path_pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]+\})", template)
    regex = "".join(
        f"(?P<{part[1:-1]}>[^/]+)" if part.startswith("{") else re.escape(part) for part in parts
    )
    return re.compile(regex)


def _absolute_refs(schema: Any) -> Any:
    """Point the body schema's ``#/components/...`` refs at the registered spec document."""
    if isinstance(schema, dict):
        return {
            key: _SPEC_URI + value
            if key == "$ref" and isinstance(value, str) and value.startswith("#")
            else _absolute_refs(value)
            for key, value in schema.items()
        }
    if isinstance(schema, list):
        return [_absolute_refs(value) for value in schema]
    return schema


def _describe(error: ValidationError) -> str:
    # anyOf/oneOf failures say little; the best-matching branch says what is wrong.
    while error.context:
        error = best_match(error.context)
    message = error.message
    if len(message) > 200:
        message = f"fails {error.validator} {error.validator_value!r}"
    return f"{error.json_path}: {message}"
