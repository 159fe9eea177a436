"""Exports hold exactly the filtered rows of the table, in CSV, XLSX and JSON."""

import csv
import io
import json

import openpyxl
import pytest
from django.urls import reverse

from tracker import exports
from tracker.models import Commitment, Project, StatusUpdate

pytestmark = pytest.mark.django_db

URL = reverse("tracker:commitment_list")


def csv_rows(response):
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    return list(csv.DictReader(io.StringIO(text.decode("utf-8-sig"))))


def test_csv_export_holds_exactly_the_filtered_rows_not_just_one_page(client):
    response = client.get(URL, {"sector_kind": "key", "_export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "commitments.csv" in response["Content-Disposition"]
    rows = csv_rows(response)
    expected = set(
        Commitment.objects.filter(sector__kind="key").values_list("reference", flat=True)
    )
    assert len(expected) > 25
    assert {row["Ref."] for row in rows} == expected
    assert len(rows) == len(expected)


def test_csv_export_has_plain_labels_and_the_verbatim_text(client):
    rows = csv_rows(client.get(URL, {"sector": "critical-minerals", "_export": "csv"}))
    row = next(r for r in rows if r["Ref."] == "9.1")
    commitment = Commitment.objects.get(reference="9.1")
    assert row["Text"] == commitment.text
    assert "<" not in "".join(row.values())
    assert row["Japan"] in {"Not reported", "In progress", "Ongoing"}


def test_xlsx_export_equals_the_filtered_rows(client):
    response = client.get(URL, {"sector": "pharmaceuticals", "_export": "xlsx"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    values = list(sheet.values)
    header, rows = values[0], values[1:]
    column = header.index("Ref.")
    assert sorted(row[column] for row in rows) == ["12.1", "12.2", "12.3"]


def test_json_export_equals_the_filtered_rows(client):
    response = client.get(URL, {"q": "JOGMEC", "_export": "json"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    data = json.loads(body)
    assert [row["Ref."] for row in data] == ["9.1"]


def test_export_of_an_invalid_filter_is_400(client):
    response = client.get(URL, {"sector": "nowhere", "_export": "csv"})
    assert response.status_code == 400


@pytest.mark.parametrize("fmt", ["exe", "latex", "", "CSV"])
def test_unknown_export_format_is_400(client, fmt):
    assert client.get(URL, {"_export": fmt}).status_code == 400


@pytest.mark.parametrize(
    "name", ["tracker:project_list", "tracker:organisation_list", "tracker:update_list"]
)
def test_every_table_exports_csv(client, name):
    response = client.get(reverse(name), {"_export": "csv"})
    assert response.status_code == 200
    assert csv_rows(response)


def test_export_links_keep_the_current_filter(client):
    response = client.get(URL, {"sector_kind": "key", "page": "2"})
    links = dict(response.context["export_links"])
    assert "sector_kind=key" in links["CSV"] and "_export=csv" in links["CSV"]
    assert "page=" not in links["CSV"]


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_streamed_exports_go_out_in_pieces_not_a_write_per_row(client, monkeypatch, fmt):
    """The server writes each piece it is given; rows are sent a few kilobytes at a time."""
    monkeypatch.setattr(exports, "PIECE_SIZE", 2000)
    response = client.get(URL, {"_export": fmt})
    pieces = list(response.streaming_content)
    assert len(pieces) > 2
    assert all(len(piece.decode()) >= 2000 for piece in pieces[:-1])
    assert len(pieces) < Commitment.objects.count() / 2
    text = b"".join(pieces).decode("utf-8-sig")
    references = (
        [row["Ref."] for row in csv.DictReader(io.StringIO(text))]
        if fmt == "csv"
        else [row["Ref."] for row in json.loads(text)]
    )
    assert sorted(references) == sorted(Commitment.objects.values_list("reference", flat=True))


@pytest.mark.parametrize(
    ("name", "few"),
    [
        ("tracker:commitment_list", {"sector": "pharmaceuticals"}),
        ("tracker:project_list", {"sector": "pharmaceuticals"}),
        ("tracker:update_list", {"side": "india"}),
    ],
)
@pytest.mark.parametrize("export_format", ["csv", "xlsx", "json"])
def test_an_export_reads_no_row_by_row(client, name, few, export_format):
    """A handful of queries, filtered or not, for tables of dozens of rows: the tables read
    only some columns, and a column an export needed but the query left out would be read
    row by row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counted = []
    for params in (few, {}):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(name), {**params, "_export": export_format})
            body = b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code == 200 and body
        counted.append(len(queries))
    rows = {
        "tracker:commitment_list": Commitment.objects.count(),
        "tracker:project_list": Project.objects.count(),
        "tracker:update_list": StatusUpdate.objects.published().count(),
    }[name]
    assert rows > 10
    assert max(counted) <= 5, counted
