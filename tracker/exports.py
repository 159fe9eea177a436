"""Streamed exports of a table's filtered rows: memory stays flat whatever their number."""

import csv
import datetime
import decimal
import itertools
import json
import tempfile
from collections import defaultdict

from django.core.serializers.json import DjangoJSONEncoder
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.encoding import force_str
from django_tables2.rows import BoundRow
from openpyxl import Workbook

CHUNK_SIZE = 500
PIECE_SIZE = 64 * 1024  # characters per piece of a streamed CSV or JSON export
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _walk(record, parts):
    for part in parts:
        if record is None:
            return None
        record = getattr(record, part)
    return record


class _ManyToMany:
    """A many-to-many column read for a chunk of rows in one query on the link table.

    Cheaper than `prefetch_related()`, which builds a manager and a model instance per link;
    the related records' labels are read once per export, in their model's ordering.
    """

    def __init__(self, field):
        self.through = field.remote_field.through
        self.source = field.m2m_field_name()
        self.target = field.m2m_reverse_field_name()
        self.target_model = field.related_model
        self.labels = {}  # related pk -> (rank in the model's ordering, label)
        self.values = {}

    def load(self, records):
        pairs = list(
            self.through._default_manager.filter(
                **{f"{self.source}__in": [record.pk for record in records]}
            ).values_list(f"{self.source}_id", f"{self.target}_id")
        )
        missing = {target for _source, target in pairs} - self.labels.keys()
        if missing:
            start = len(self.labels)
            for rank, item in enumerate(
                self.target_model._default_manager.filter(pk__in=missing), start
            ):
                self.labels[item.pk] = (rank, str(item))
        values = defaultdict(list)
        for source, target in pairs:
            values[source].append(self.labels[target])
        self.values = values

    def __call__(self, record):
        return ", ".join(label for _rank, label in sorted(self.values.get(record.pk, ())))


def _cell_getter(table, bound_column):
    """A function giving one column's export value for a record, decided once per export.

    django-tables2's `BoundRow.get_cell_value()` inspects signatures and renders templates
    for every cell, which costs milliseconds a row; an export of ten thousand rows cannot
    afford that. Model fields are read directly here (choices as their labels, dates in ISO
    8601, many-to-many as a comma-separated list); anything else goes through django-tables2.
    """
    column, name = bound_column.column, bound_column.name
    parts = str(bound_column.accessor).split("__")
    try:
        field = bound_column.accessor.get_field(table._meta.model)
    except Exception:  # noqa: BLE001 - annotations and properties have no model field
        field = None
    if field is not None and field.many_to_many:
        if len(parts) == 1 and not field.auto_created:
            return _ManyToMany(field)
        return lambda record: ", ".join(str(item) for item in _walk(record, parts).all())
    if hasattr(table, f"value_{name}"):
        return lambda record: BoundRow(record, table=table).get_cell_value(name)
    labels = {key: str(label) for key, label in field.flatchoices} if field else {}
    empty_label = getattr(column, "empty_label", None)
    empty_label = None if empty_label is None else str(empty_label)
    empty_values = column.empty_values

    def getter(record):
        value = _walk(record, parts)
        if empty_label is not None and not value:
            return empty_label
        if value in empty_values:
            return None
        if labels:
            return labels.get(value, value)
        if isinstance(value, datetime.datetime):
            return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value
        if isinstance(value, datetime.date):
            return value.isoformat()
        return value if isinstance(value, (int, float, decimal.Decimal)) else str(value)

    return getter


def table_rows(table, exclude_columns=()):
    """The header, then each row's export values, read from the database in chunks.

    The same columns as django-tables2's `Table.as_values()`, but iterating the ordered
    queryset with `iterator()` so that rows are never all held in memory at once.
    """
    columns = [
        column
        for column in table.columns.iterall()
        if not (column.column.exclude_from_export or column.name in exclude_columns)
    ]
    yield [force_str(column.header) for column in columns]
    getters = [_cell_getter(table, column) for column in columns]
    links = [getter for getter in getters if isinstance(getter, _ManyToMany)]
    records = table.data.data.prefetch_related(None).iterator(chunk_size=CHUNK_SIZE)
    while chunk := list(itertools.islice(records, CHUNK_SIZE)):
        for link in links:
            link.load(chunk)
        for record in chunk:
            yield [getter(record) for getter in getters]


class _Echo:
    def write(self, value):
        return value


def _csv(rows):
    writer = csv.writer(_Echo())
    yield "\ufeff"  # a byte-order mark, so spreadsheet programs read UTF-8 (Japanese, Hindi)
    for row in rows:
        yield writer.writerow(row)


def _json(rows):
    header = next(rows)
    yield "["
    for index, row in enumerate(rows):
        yield ("," if index else "") + json.dumps(
            dict(zip(header, row, strict=True)), cls=DjangoJSONEncoder
        )
    yield "]"


def _in_pieces(strings):
    """Join the rows' strings into pieces of about PIECE_SIZE characters: the WSGI server writes
    each piece it is given, and a write per row made the export a write per row."""
    size, piece, length = PIECE_SIZE, [], 0
    for string in strings:
        piece.append(string)
        length += len(string)
        if length >= size:
            yield "".join(piece)
            piece, length = [], 0
    if piece:
        yield "".join(piece)


def export_response(table, export_format, filename, exclude_columns=()):
    rows = table_rows(table, exclude_columns)
    if export_format == "xlsx":
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet()
        for row in rows:
            sheet.append(row)
        # FileResponse closes the file once it has been sent.
        spool = tempfile.TemporaryFile()  # noqa: SIM115
        workbook.save(spool)
        spool.seek(0)
        return FileResponse(
            spool,
            as_attachment=True,
            filename=filename,
            content_type=CONTENT_TYPES["xlsx"],
        )
    stream = _csv(rows) if export_format == "csv" else _json(rows)
    response = StreamingHttpResponse(_in_pieces(stream), content_type=CONTENT_TYPES[export_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
