"""Phones and wide screens, the keyboard alone, colour, and print.

Screenshots of the main pages at 390 px and 1280 px, and PDFs of the printed pages, are written
to tests/artifacts/ (ignored by git; CI keeps them as the run's artefacts).
"""

import pytest

from tests.browser.conftest import ARTIFACTS, DECLARATION, screenshot

MAIN_PAGES = {
    "dashboard": "/",
    "declaration": "/declaration/",
    "commitments": "/commitments/",
    "commitment": f"/commitments/{DECLARATION}/8.1/",
    "sector": "/sectors/semiconductors/",
    "projects": "/projects/",
    "updates": "/updates/",
    "charts": "/charts/",
    "open-data": "/open-data/",
    "compliance": "/compliance/",
    "methodology": "/methodology/",
    "login": "/accounts/login/",
}

SIDEWAYS = """() => {
    const root = document.documentElement;
    const outside = [...document.querySelectorAll('body *')].filter(element => {
        if (element.closest('.table-scroll')) return false;
        const box = element.getBoundingClientRect();
        return box.width > 0 && box.right > root.clientWidth + 1;
    }).slice(0, 5).map(element => element.tagName + '.' + element.className);
    return {scroll: root.scrollWidth, client: root.clientWidth, outside};
}"""


def test_no_page_scrolls_sideways_on_a_phone(new_context, site_data):
    page = new_context(width=390, height=844, is_mobile=True, has_touch=True).new_page()
    for name, path in MAIN_PAGES.items():
        page.goto(site_data(path))
        layout = page.evaluate(SIDEWAYS)
        assert layout["scroll"] <= layout["client"], (path, layout)
        assert layout["outside"] == [], (path, layout)
        screenshot(page, f"{name}-390")

    # The commitments table is wider than the phone: it scrolls inside its own box, which the
    # keyboard can reach and scroll, and which says what it is.
    page.goto(site_data("/commitments/"))
    box = page.locator(".results .table-scroll")
    assert box.evaluate("el => el.scrollWidth > el.clientWidth")
    assert box.get_attribute("tabindex") == "0"
    assert box.get_attribute("role") == "region" and box.get_attribute("aria-label")


def test_wide_screens_use_the_width(new_context, site_data):
    page = new_context(width=1280, height=900).new_page()
    for name, path in MAIN_PAGES.items():
        page.goto(site_data(path))
        layout = page.evaluate(SIDEWAYS)
        assert layout["scroll"] <= layout["client"], (path, layout)
        assert page.locator("main").bounding_box()["width"] >= 1150, path
        screenshot(page, f"{name}-1280")

    # Filters beside the table, not above it, and the table as wide as what is left.
    page.goto(site_data("/commitments/"))
    filters = page.locator(".filters").bounding_box()
    results = page.locator(".results").bounding_box()
    assert results["x"] > filters["x"] + filters["width"]
    assert abs(results["y"] - filters["y"]) < 5
    assert results["width"] > 800


@pytest.mark.parametrize("language", ["ja", "hi"])
def test_translated_pages_fit_a_phone(new_context, site_data, language):
    page = new_context(width=390, height=844, locale=language).new_page()
    for name in ("dashboard", "commitments", "commitment", "methodology"):
        page.goto(site_data(MAIN_PAGES[name]))
        assert page.locator("html").get_attribute("lang") == language
        layout = page.evaluate(SIDEWAYS)
        assert layout["scroll"] <= layout["client"], (name, layout)
        screenshot(page, f"{name}-390-{language}")


def focused(page):
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            const box = el.getBoundingClientRect();
            return {
                tag: el.tagName, id: el.id, text: (el.innerText || '').trim().slice(0, 60),
                outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
                visible: box.width > 0 && box.height > 0 && box.top >= 0
                    && box.bottom <= window.innerHeight + 1,
            };
        }"""
    )


def test_keyboard_alone_reaches_everything_with_a_visible_focus(new_context, site_data):
    page = new_context(width=1280, height=900).new_page()
    page.goto(site_data("/commitments/?sector=semiconductors"))

    page.keyboard.press("Tab")
    first = focused(page)
    assert first["text"] == "Skip to main content"
    assert first["visible"] and first["outline"]
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"

    # Tab through the rest of the page: every stop shows its focus, nothing traps it, and the
    # filters, the table's scroll box, the downloads and the footer are all reached.
    seen = []
    for _ in range(200):
        page.keyboard.press("Tab")
        stop = focused(page)
        if stop["tag"] == "BODY":
            break
        assert stop["outline"] and stop["visible"], stop
        seen.append(stop)
    else:
        pytest.fail("focus never left the page: a keyboard trap")
    texts = [stop["text"] for stop in seen]
    assert any(text.startswith("Filter") for text in texts)
    assert "CSV" in texts
    assert "How we rate progress" in texts
    assert any(stop["tag"] == "DIV" for stop in seen)  # the table's scroll box

    # The filter disclosure opens from the keyboard and its checkboxes toggle with Space.
    page.goto(site_data("/commitments/"))
    page.locator(".filters summary").focus()
    page.keyboard.press("Enter")
    box = page.get_by_role("group", name="Lifecycle (India)").get_by_label("Ongoing")
    box.focus()
    page.keyboard.press("Space")
    assert box.is_checked()
    assert focused(page)["outline"]


def test_status_is_told_in_words_and_every_chart_has_text_and_a_table(page, site_data):
    for path in ("/", "/declaration/", "/commitments/", f"/commitments/{DECLARATION}/8.1/"):
        page.goto(site_data(path))
        badges = page.locator(".badge").all_inner_texts()
        assert badges, path
        assert all(text.strip() for text in badges), path

    for path in ("/", "/sectors/", "/sectors/semiconductors/", "/charts/"):
        page.goto(site_data(path))
        charts = page.locator("svg")
        assert charts.count() >= 1, path
        for index in range(charts.count()):
            chart = charts.nth(index)
            if chart.get_attribute("aria-hidden") == "true":
                continue
            assert chart.get_attribute("role") == "img", path
            names = chart.get_attribute("aria-labelledby").split()
            assert all(page.locator(f"[id='{name}']").text_content().strip() for name in names)
        assert page.locator("table.data-table caption").count() >= 1, path


@pytest.mark.parametrize(
    ("name", "path"),
    [("declaration", "/declaration/"), ("commitment", f"/commitments/{DECLARATION}/8.1/")],
)
def test_pages_print_without_navigation_and_with_link_addresses(page, site_data, name, path):
    page.goto(site_data(path))
    page.emulate_media(media="print")
    hidden = page.evaluate(
        """() => [...document.querySelectorAll(
            '.site-header nav, .skip-link, .site-footer, .breadcrumbs, .languages'
        )].map(el => getComputedStyle(el).display)"""
    )
    assert len(hidden) >= 4 and set(hidden) == {"none"}
    assert page.locator("main h1").is_visible()
    prose_link = page.locator("main p a[href], main li a[href], main blockquote a[href]").filter(
        has_not=page.locator("xpath=ancestor::table")
    )
    link = prose_link.first
    after = link.evaluate("el => getComputedStyle(el, '::after').content")
    assert link.get_attribute("href") in after
    ARTIFACTS.mkdir(exist_ok=True)
    page.pdf(path=str(ARTIFACTS / f"{name}-print.pdf"), format="A4")
