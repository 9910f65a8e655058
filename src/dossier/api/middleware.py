"""ASGI middleware: security headers on every response, a bound on request bodies, and validators (ETag) on
reads. Pure ASGI, so that a streamed upload is counted as it arrives rather than after it is read whole."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Article text is untrusted: no inline script or style anywhere, nothing from another origin, no framing.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


class SecurityHeaders:
    """The same strict headers on every response; a route may tighten the policy's script sources for itself by
    setting ``scope["state"]["script_hashes"]`` (the API docs page, whose one inline script is hashed)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                hashes = scope.get("state", {}).get("script_hashes", ())
                policy = CONTENT_SECURITY_POLICY
                if hashes:
                    policy = policy.replace("script-src 'self'", "script-src 'self' " + " ".join(hashes))
                headers["Content-Security-Policy"] = policy
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "no-referrer"
                headers["X-Frame-Options"] = "DENY"
                headers["Cross-Origin-Opener-Policy"] = "same-origin"
            await send(message)

        await self.app(scope, receive, with_headers)


class BodyLimit:
    """Requests whose body is larger than ``limit`` bytes get 413, whether they say so (Content-Length) or not."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await _too_large(send, self.limit)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    # An HTTPException, so that FastAPI's body parsing passes it on rather than calling it a bad body.
                    raise HTTPException(413, _too_large_message(self.limit))
            return message

        await self.app(scope, counted, send)


def _too_large_message(limit: int) -> str:
    return f"the request body is larger than {limit:,} bytes"


async def _too_large(send: Send, limit: int) -> None:
    body = json.dumps({"status": 413, "code": "request_too_large", "message": _too_large_message(limit)}).encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class ETags:
    """A weak ETag on every successful GET (a digest of the body), and 304 Not Modified when the client already
    has it (``If-None-Match``): a board polled every minute costs the client nothing while nothing changed."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def buffered(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                return
            if message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            await _answer(scope, start, b"".join(chunks), send)

        await self.app(scope, receive, buffered)


async def _answer(scope: Scope, start: dict[str, Any], body: bytes, send: Send) -> None:
    headers = MutableHeaders(raw=list(start.get("headers", [])))
    if start.get("status") == 200:
        tag = 'W/"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'
        headers["ETag"] = tag
        headers.setdefault("Cache-Control", "no-cache")
        wanted = Headers(scope=scope).get("if-none-match", "")
        if tag in (t.strip() for t in wanted.split(",")) or wanted.strip() == "*":
            del headers["content-length"]
            await send({"type": "http.response.start", "status": 304, "headers": headers.raw})
            await send({"type": "http.response.body", "body": b""})
            return
    await send({**start, "headers": headers.raw})
    await send({"type": "http.response.body", "body": body})
