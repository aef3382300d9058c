"""core.pdf: HTML to PDF for every printed document, the logo as a data URI, nothing fetched
from outside, the garbage collector paused during a render and always given back."""

import base64
import gc
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from pypdf import PdfReader

from comptoir.core.pdf import logo_data_uri, render_pdf

# A 1×1 red PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)


@pytest.fixture(autouse=True)
def storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    return tmp_path


def images_in(pdf: bytes) -> int:
    count = 0
    for page in PdfReader(BytesIO(pdf)).pages:
        resources = page.get("/Resources") or {}
        xobjects = resources.get("/XObject") or {}
        count += sum(1 for ref in xobjects.values() if ref.get_object()["/Subtype"] == "/Image")
    return count


def text_of(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def test_render_pdf_makes_a_pdf_of_the_html():
    pdf = render_pdf("<h1>Bon de livraison</h1><p>Reçu en bon état</p>")
    assert pdf.startswith(b"%PDF")
    assert "Bon de livraison" in text_of(pdf) and "Reçu en bon état" in text_of(pdf)


def test_a_data_uri_image_is_embedded_but_nothing_is_fetched_from_a_file_or_a_server(tmp_path):
    picture = tmp_path / "secret.png"
    picture.write_bytes(PNG)
    data_uri = "data:image/png;base64," + base64.b64encode(PNG).decode()
    assert images_in(render_pdf(f'<img src="{data_uri}" width="20">')) == 1
    assert images_in(render_pdf(f'<img src="{picture.as_uri()}" width="20">')) == 0
    assert images_in(render_pdf('<img src="http://127.0.0.1:9/logo.png" width="20">')) == 0


def test_a_render_gives_the_collector_back():
    assert gc.isenabled()
    render_pdf("<p>x</p>")
    assert gc.isenabled()


def test_the_logo_as_a_data_uri(company):
    assert logo_data_uri(None) == ""
    assert logo_data_uri(company) == ""  # no logo uploaded
    company.logo.save("logo.png", ContentFile(PNG))
    uri = logo_data_uri(company)
    assert uri.startswith("data:image/png;base64,")
    assert base64.b64decode(uri.split(",", 1)[1]) == PNG
    assert images_in(render_pdf(f'<img src="{uri}" width="40">')) == 1


def test_a_logo_whose_file_is_gone_prints_nothing(company):
    company.logo.save("logo.png", ContentFile(PNG))
    company.logo.storage.delete(company.logo.name)
    assert logo_data_uri(company) == ""


def test_css_string_escapes_what_a_css_string_cannot_hold():
    from comptoir.core.templatetags.comptoir import css_string

    assert css_string("Saint-Jean & Fils") == "Saint-Jean & Fils"  # CSS needs nothing here
    assert css_string('Le "Comptoir"\\') == "Le \\22 Comptoir\\22 \\5c "
    assert css_string("</style><p>") == "\\3c /style>\\3c p>"
    assert css_string("ligne\nsuivante") == "ligne\\a suivante"
    assert css_string(None) == ""


def test_a_page_footer_prints_the_text_as_typed():
    from django.template import Context, Template

    name = 'L\'Atelier Saint-Jean & Fils "Cuisines" </style>'
    html = Template(
        "{% load comptoir %}<style>@page { @bottom-left { content: "
        '"{{ name|css_string }}"; } }</style><p>Corps</p>'
    ).render(Context({"name": name}))
    text = " ".join(text_of(render_pdf(html)).split())
    assert name in text
