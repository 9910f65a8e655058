"""``POST /api/ingest``: the files ``dossier ingest`` reads, uploaded; on only when a token is configured and
presented. Uploads are ingested one request at a time, with the same pipeline, outcomes and idempotence as
the command."""

from __future__ import annotations

import hmac
import threading
from pathlib import PurePath
from typing import Annotated, Any

from fastapi import APIRouter, File, Header, Request, UploadFile

from dossier.api.errors import ApiError
from dossier.api.schemas import IngestOut
from dossier.ingest import read_uploads
from dossier.model import IngestResult
from dossier.settings import Settings

router = APIRouter(prefix="/api")
_ONE_AT_A_TIME = threading.Lock()
_UPLOAD_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"description": text, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    for status, text in ((401, "No token, or the wrong one."), (403, "Uploads are off: no token is configured."),
                         (413, "The request body is too large."), (422, "The request is not valid."))
}


@router.post("/ingest", response_model=IngestOut, responses=_UPLOAD_ERRORS, tags=["ingest"])
def ingest(
    request: Request,
    files: Annotated[list[UploadFile], File(description="Text, HTML, JSON Lines, RSS/Atom or WARC files.")],
    authorization: Annotated[str | None, Header()] = None,
) -> IngestOut:
    """Ingest uploaded files (as `dossier ingest` does): every item stored, a duplicate, rejected or failed."""
    settings: Settings = request.app.state.settings
    if not settings.serve_token:
        raise ApiError(403, "uploads_off", "this server is read-only; start it with DOSSIER_SERVE_TOKEN set to "
                                           "accept uploads")
    presented = (authorization or "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(presented.encode(), settings.serve_token.encode()):
        raise ApiError(401, "unauthorized", "present the server's token as `Authorization: Bearer TOKEN`")
    uploads = [(f"upload/{_name(upload)}", upload.file) for upload in files]
    results: list[IngestResult] = []
    with _ONE_AT_A_TIME:
        outcomes = request.app.state.ingestor().run(read_uploads(uploads, settings.limits), results.append)
    return IngestOut(
        outcomes={k: outcomes.get(k, 0) for k in ("stored", "duplicate", "rejected", "failed")},
        items=[{"source": r.source, "outcome": r.outcome, "article_id": r.article_id, "reason": r.reason}
               for r in results],
    )


def _name(upload: UploadFile) -> str:
    # The file's own name, never a path it claims: its extension still tells the reader the format.
    return PurePath((upload.filename or "upload").replace("\\", "/")).name or "upload"
