"""HTML to PDF for every document the application prints (quotes, contracts, delivery notes,
personal-data exports), and the company's logo ready for their templates.

One place so that every PDF gets the same treatment:

- WeasyPrint is imported here, at the first PDF asked for (it loads Pango, which a process
  serving pages only does not need);
- a document fetches nothing: images come as `data:` URIs (`logo_data_uri`), so the URL
  fetcher refuses every other scheme (no file read, no request to any server, whatever text a
  user typed into a document);
- Python's cyclic garbage collector is paused while WeasyPrint works (core.collector): a
  long document builds hundreds of thousands of linked boxes that survive every collection.
  What the render leaves behind is collected once, when the last render running ends.
"""

import base64
import mimetypes

from comptoir.core.collector import collector_paused


def _url_fetcher():
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols=("data",))


def render_pdf(html: str) -> bytes:
    """The PDF of an HTML document whose images are `data:` URIs."""
    from weasyprint import HTML  # loads Pango: only when a PDF is asked for

    with collector_paused(collect=True):
        return HTML(string=html, url_fetcher=_url_fetcher()).write_pdf()


def logo_data_uri(company) -> str:
    """The company's logo as a `data:` URI for a PDF template; "" when there is none or its
    file cannot be read (the document is printed without it rather than not at all)."""
    if not company or not company.logo:
        return ""
    try:
        with company.logo.open("rb") as handle:
            data = handle.read()
    except (OSError, ValueError):
        return ""
    kind = mimetypes.guess_type(company.logo.name)[0] or "image/png"
    return f"data:{kind};base64,{base64.b64encode(data).decode()}"
