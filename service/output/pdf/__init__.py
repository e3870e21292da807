"""HTML preview and A4 PDF of Party and state documents (thể thức văn bản)."""

from service.output.pdf.model import PARTY, STATE, RenderInput
from service.output.pdf.render import render_html, render_pdf

__all__ = ["PARTY", "STATE", "RenderInput", "render_html", "render_pdf"]
