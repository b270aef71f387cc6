"""What a person does in the browser, in a few verbs the browser tests share."""

import re
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Page, expect

from tests.builders import make_user

PASSWORD = "passord-for-test"
ARTICLE_HREF = re.compile(r"^/nyheter/(?P<slug>[-\w]+)/$")


def query(url):
    """The query string of `url` as {name: [values]}, without empty values."""
    return {name: values for name, values in parse_qs(urlsplit(url).query).items() if any(values)}


def path(url):
    return urlsplit(url).path


def article_slugs(page: Page):
    """Slugs of the articles linked from the page's main content, in order, once each."""
    hrefs = page.locator("main a[href]").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    slugs = []
    for href in hrefs:
        match = ARTICLE_HREF.match(path(href))
        if match and match["slug"] not in slugs:
            slugs.append(match["slug"])
    return slugs


def log_in(context, *, groups=("Journalist",), **user_fields):
    """A staff user in `groups` logs in through the admin's own login form; returns (page, user)."""
    user = make_user(groups=groups, **user_fields)
    page = context.new_page()
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label(re.compile("Brukernavn|Username", re.I)).fill(user.username)
    page.get_by_label(re.compile("Passord|Password", re.I)).fill(PASSWORD)
    page.locator("#login-form [type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    return page, user


def reveal(control):
    """Open the closed <details> holding `control` (a collapsed filter panel on a phone, a "Vis alle"
    in it), the outermost first, until `control` shows; a wide screen may show it in a closed one."""
    while not control.is_visible():
        summary = control.evaluate_handle(
            """el => {
                const closed = "details:not([open])", summaries = [];
                for (let d = el.closest(closed); d; d = d.parentElement.closest(closed))
                    summaries.unshift(d.querySelector(":scope > summary"));
                return summaries.find(s => s && s.checkVisibility()) || null;
            }"""
        )
        if not summary.as_element():
            return
        summary.as_element().click()


def filter_form(page: Page):
    return page.locator("main form", has=page.locator('[name="program"]'))


def choose(form, name, value):
    """Pick `value` for the field `name`, whichever widget the form uses (select, radio, checkbox)."""
    control = form.locator(f'[name="{name}"]').first
    reveal(control)
    if control.evaluate("el => el.tagName") == "SELECT":
        control.select_option(value)
    else:
        form.locator(f'[name="{name}"][value="{value}"]').check()


def submit(form):
    form.locator("button[type=submit], button:not([type]), input[type=submit]").first.click()


def link_to(page: Page, url_path, **query_values):
    """The visible link in main whose target is `url_path` with exactly `query_values` as query."""
    wanted = {name: sorted(v if isinstance(v, list) else [v]) for name, v in query_values.items()}
    links = page.locator("main a[href]")
    hrefs = links.evaluate_all("links => links.map(a => a.checkVisibility() ? a.getAttribute('href') : '')")
    for i, href in enumerate(hrefs):
        found = {name: sorted(values) for name, values in query(href).items()}
        if href and (path(href) == url_path or href.startswith("?")) and found == wanted:
            return links.nth(i)
    raise AssertionError(f"no visible link to {url_path} with query {wanted} in <main>")


def horizontal_overflow(page: Page):
    """How far the page is wider than its viewport, and the outermost elements sticking out."""
    return page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            const extra = document.documentElement.scrollWidth - width;
            const describe = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
                + [...el.classList].map(c => "." + c).join("");
            const out = [...document.body.querySelectorAll("*")].filter(el => {
                const sticksOut = e => e.getBoundingClientRect().right > width + 0.5;
                return sticksOut(el) && !(el.parentElement && sticksOut(el.parentElement));
            });
            return extra > 0 ? {extra, elements: out.slice(0, 5).map(describe)} : null;
        }"""
    )


AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
    "rules": {"target-size": {"enabled": True}},
}


def axe_violations(page: Page):
    """axe-core's violations on the page (axe is injected by `add_init_script` before `goto`)."""
    return page.evaluate(
        """async (options) => {
            // What axe measures must have settled: icon fonts (a ligature shown as its name is text)
            // and transitions (a colour half-way through one fails or passes by chance).
            await document.fonts.ready;
            const ending = document.getAnimations().filter(
                a => a.effect && a.effect.getComputedTiming().endTime !== Infinity
            );
            await Promise.all(ending.map(a => a.finished.catch(() => null)));
            const result = await axe.run(document, options);
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.map(n => n.target.join(" ")),
            }));
        }""",
        AXE_OPTIONS,
    )


def describe_violations(violations):
    return "\n".join(
        f"  {v['id']} ({v['impact']}): {v['help']}\n" + "".join(f"      {t}\n" for t in v["targets"])
        for v in violations
    )


# The newsroom (Django admin).


def autocomplete(page: Page, field, search, choice):
    """Pick `choice` in the admin's autocomplete (select2) for `field` after typing `search`."""
    page.locator(f".field-{field} .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(search)
    page.locator(".select2-container--open .select2-results__option", has_text=choice).first.click()


def editor(page: Page):
    """The rich-text editor of the article body."""
    return page.locator(".field-body [contenteditable=true]")


def type_in_editor(page: Page, *blocks):
    """Type into the body editor as a journalist does: Markdown-like shortcuts, Ctrl+K for a link.

    Each block is a paragraph, or ("h2", text), ("ul", [items]), ("quote", text), ("link", text, url, after).
    """
    editor(page).click()
    keyboard = page.keyboard
    keyboard.press("Control+End")
    for n, block in enumerate(blocks):
        if n:
            keyboard.press("Enter")
        kind, *rest = ("p", block) if isinstance(block, str) else block
        if kind == "p":
            keyboard.type(rest[0])
        elif kind == "h2":
            keyboard.type(f"## {rest[0]}")
        elif kind == "ul":
            keyboard.type("- ")
            for n, item in enumerate(rest[0]):
                if n:
                    keyboard.press("Enter")
                keyboard.type(item)
            keyboard.press("Enter")  # and an empty item ends the list
        elif kind == "quote":
            keyboard.type(f"> {rest[0]}")
            keyboard.press("Enter")  # and an empty paragraph ends the quote
        elif kind == "link":
            text, url, after = rest
            keyboard.type(text)
            expect(editor(page)).to_contain_text(text)
            keyboard.press("Shift+Home")
            page.wait_for_function("text => getSelection().toString() === text", arg=text)
            keyboard.press("Control+k")
            dialog = page.locator("dialog[open]")
            dialog.locator("input").first.fill(url)
            dialog.locator("button[type=submit]").click()
            expect(dialog).to_have_count(0)
            editor(page).press("End")
            keyboard.type(after)


def pick_photo(page: Page, search, choice, field="lead_photo"):
    """Choose a photo in the photo library's picker window: search for it, then click its picture."""
    with page.expect_popup() as popup_info:
        page.locator(f"#lookup_id_{field}").click()
    library = popup_info.value
    library.locator("#searchbar").fill(search)
    library.locator("#searchbar").press("Enter")
    with library.expect_event("close"):
        library.locator(".photo-tile-link", has_text=choice).first.click()
    expect(page.locator(f"#id_{field}_chosen")).to_contain_text(choice)


def upload_photo(page: Page, *, image, caption, credit, alt_text):
    """Add a new lead photo through the admin's "+" popup, as the newsroom does."""
    with page.expect_popup() as popup_info:
        page.locator("#add_id_lead_photo").click()
    popup = popup_info.value
    popup.locator("#id_image").set_input_files(image)
    popup.locator("#id_caption").fill(caption)
    popup.locator("#id_credit").fill(credit)
    popup.locator("#id_alt_text").fill(alt_text)
    with popup.expect_event("close"):
        popup.locator("input[name=_save]").click()
    expect(page.locator("#id_lead_photo")).not_to_have_value("")


def save_and_continue(page: Page):
    page.locator("input[name=_continue]").first.click()
    page.wait_for_load_state()


def form_errors(page: Page):
    """The admin's error note and field errors, as one text."""
    return " ".join(page.locator(".errornote, .errorlist").all_inner_texts())
