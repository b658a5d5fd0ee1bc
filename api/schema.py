"""The OpenAPI 3.0 document of the read API, written from ``api.endpoints.ENDPOINTS``."""

from api.endpoints import ENDPOINTS, MAX_PAGE_SIZE, PAGE_SIZE

VERSION = "1.0.0"


def field_schema(shape) -> dict:
    if isinstance(shape, list):
        return {"type": "array", "items": field_schema(shape[0])}
    if isinstance(shape, dict):
        properties = {k: field_schema(v) for k, v in shape.items() if k != "nullable"}
        schema = {"type": "object", "properties": properties, "required": list(properties)}
        if shape.get("nullable"):
            schema["nullable"] = True
        return schema
    nullable = shape.endswith("?")
    kind = shape.rstrip("?")
    schema = {"type": "string", "format": kind} if kind in ("date", "date-time") else {"type": kind}
    if nullable:
        schema["nullable"] = True
    return schema


def _page_of(ref: str) -> dict:
    return {
        "type": "object",
        "required": ["count", "page", "pages", "next", "previous", "results"],
        "properties": {
            "count": {"type": "integer", "description": "rows in all pages"},
            "page": {"type": "integer", "description": "this page's number, from 1"},
            "pages": {"type": "integer", "description": "how many pages there are"},
            "next": {
                "type": "string",
                "format": "uri",
                "nullable": True,
                "description": "the next page's address; null on the last page",
            },
            "previous": {
                "type": "string",
                "format": "uri",
                "nullable": True,
                "description": "the previous page's address; null on the first page",
            },
            "results": {"type": "array", "items": {"$ref": ref}},
        },
    }


def document(server_url: str) -> dict:
    paths, schemas = {}, {}
    error = {"$ref": "#/components/responses/Error"}
    for endpoint in ENDPOINTS:
        name = "".join(part.title() for part in endpoint.name.split("_"))
        schemas[name] = field_schema(endpoint.fields)
        schemas[name + "Page"] = _page_of(f"#/components/schemas/{name}")
        paths[f"/v1/{endpoint.path}/"] = {
            "get": {
                "operationId": f"list_{endpoint.name}",
                "summary": str(endpoint.summary),
                "parameters": [
                    {"$ref": "#/components/parameters/page"},
                    {"$ref": "#/components/parameters/page_size"},
                ],
                "responses": {
                    "200": {
                        "description": "One page of the rows the token's owner may see.",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": f"#/components/schemas/{name}Page"}
                            }
                        },
                    },
                    "400": error,
                    "401": error,
                    "404": error,
                },
            }
        }
    schemas["Error"] = {
        "type": "object",
        "required": ["error", "status"],
        "properties": {"error": {"type": "string"}, "status": {"type": "integer"}},
    }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "BASS read API",
            "version": VERSION,
            "description": (
                "Read-only figures of the BASS programme for BI tools. Every list holds only "
                "what the token's owner may see on the pages. Authenticate with a personal "
                "access token: Authorization: Bearer <token>. Each list comes a page at a "
                "time (parameters page and page_size); the answer holds count, page, pages, "
                "next and previous: follow next until it is null."
            ),
        },
        "servers": [{"url": server_url}],
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "parameters": {
                "page": {
                    "name": "page",
                    "in": "query",
                    "description": "The page to answer, from 1; next and previous in the "
                    "answer link to the neighbouring pages. A page past the last is 404.",
                    "schema": {"type": "integer", "minimum": 1, "default": 1},
                },
                "page_size": {
                    "name": "page_size",
                    "in": "query",
                    "description": f"Rows a page, from 1 to {MAX_PAGE_SIZE} (default {PAGE_SIZE}).",
                    "schema": {
                        "type": "integer",
                        "minimum": 1,
                        "maximum": MAX_PAGE_SIZE,
                        "default": PAGE_SIZE,
                    },
                },
            },
            "responses": {
                "Error": {
                    "description": "Refused: the reason in Danish (or English) in `error`.",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                    },
                }
            },
            "schemas": schemas,
        },
    }
