"""Cell HTML for the tables, kept in one place (never built in views)."""

# A status word is always shown as text, with a shape and colour beside it: never colour alone.
STATUS_BADGE = '<span class="badge badge-{}" data-value="{}">{}</span>'

NOT_REPORTED_BADGE = '<span class="badge badge-none" data-value="">{}</span>'

LINK = '<a href="{}">{}</a>'

CELL = "<td>{}</td>"

ROW = "<tr>{}</tr>"

HEADER = "<th {}>{}</th>"

SORT_HEADER = '<th {}><a href="{}">{}</a></th>'

CELL_WITH_ATTRS = "<td {}>{}</td>"

ROW_WITH_ATTRS = "<tr {}>{}</tr>"
