"""The pages: each calls the same view function as its JSON twin (``dossier.api.views``)."""

from __future__ import annotations

from importlib.resources import files
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

router = APIRouter()
templates = Jinja2Templates(directory=str(files("dossier.web").joinpath("templates")))


def error_page(request: Request, body: dict[str, Any]) -> HTMLResponse:
    return templates.TemplateResponse(request, "error.html", {"error": body}, status_code=body["status"])
