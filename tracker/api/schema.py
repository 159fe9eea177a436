"""Completes the generated OpenAPI schema with the answers the API really gives."""

BAD_REQUEST = {
    "description": "A filter or paging parameter is invalid; the body names each and why.",
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "additionalProperties": {
                    "oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}]
                },
            }
        }
    },
}
NOT_FOUND = {
    "description": "No such record, or no such page.",
    "content": {
        "application/json": {
            "schema": {"type": "object", "properties": {"detail": {"type": "string"}}}
        }
    },
}


def document_error_answers(result, generator, request, public):
    """Every operation with parameters may answer 400 (invalid value) or 404 (no such page or
    record): say so, so that clients and the schema fuzz test know."""
    for path in result.get("paths", {}).values():
        for operation in path.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            if operation.get("parameters"):
                operation["responses"].setdefault("400", BAD_REQUEST)
                operation["responses"].setdefault("404", NOT_FOUND)
    return result
