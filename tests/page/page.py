"""bao-cao.html and bao-cao-chi-loi.html in headless Chromium (Selenium):
page.py BUNDLE_DIR SHOTS_DIR NINDICATORS EVIL_TEXT

- no horizontal scrolling at 1366 px (and with every section opened);
- errors first: the units' table in status order, the first unit section a
  unit with errors, no error row after a warning row in any findings table;
- charts present: one SVG of findings per unit, one per key indicator, each
  with bars, and a unit's bar labelled;
- groups beyond ten cells folded (<details>), ten shown;
- every workbook text escaped: the markup typed as a unit name shows as text,
  and the pages have no img or script element;
- with JavaScript off, the link to the errors-only page works and that page
  holds only errors, every unit section open;
- the print stylesheet: A4 PDF, navigation hidden in print media.
Screenshots (PNG) go to SHOTS_DIR.  One "ok page.X" / "FAIL page.X: why" line each."""
import base64
import os
import re
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

bundle, shots, nind, evil = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
os.makedirs(shots, exist_ok=True)
page = "file://" + os.path.join(bundle, "bao-cao.html")
results = []


def report(name, problems):
    if problems:
        print(f"FAIL page.{name}: {problems[0]}")
        for p in problems[1:4]:
            print(f"#   {p}")
    else:
        print(f"ok page.{name}")


def browser(js=True):
    o = webdriver.ChromeOptions()
    for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1366,768",
              "--force-device-scale-factor=1", "--hide-scrollbars", "--disable-dev-shm-usage"]:
        o.add_argument(a)
    if not js:
        o.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    o.binary_location = "/usr/bin/chromium"
    d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=o)
    d.set_page_load_timeout(60)
    return d


def shot(d, name, css=None):
    if css:
        d.execute_script("document.querySelector(arguments[0]).scrollIntoView()", css)
    else:
        d.execute_script("window.scrollTo(0,0)")
    d.save_screenshot(os.path.join(shots, name + ".png"))


def hscroll(d):
    return d.execute_script(
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")


RANK = {"xc-st-errors": 0, "xc-st-warnings": 1, "xc-st-clean": 2, "xc-st-left-out": 3, "xc-st-missing": 4}

d = browser(js=True)
try:
    d.get(page)
    # -- width
    bad = []
    w = hscroll(d)
    if w[0] > w[1]:
        bad.append(f"bao-cao.html scrolls sideways at 1366 px: scrollWidth {w[0]} > {w[1]}")
    d.execute_script("document.querySelectorAll('details').forEach(e => e.open = true)")
    w = hscroll(d)
    if w[0] > w[1]:
        bad.append(f"with every section open: scrollWidth {w[0]} > {w[1]}")
    d.execute_script("document.querySelectorAll('details:not(.xc-unit), .xc-cells details').forEach(e => e.open = false)")
    report("no-hscroll", bad)
    # -- errors first
    bad = []
    rows = d.find_elements(By.CSS_SELECTOR, "table.xc-status tbody tr")
    ranks = [RANK.get(r.get_attribute("class"), -1) for r in rows]
    if not rows or -1 in ranks or ranks != sorted(ranks):
        bad.append(f"units' table not in status order: {[r.get_attribute('class') for r in rows]}")
    if ranks and ranks[0] != 0:
        bad.append("the first unit in the table has no error")
    units = d.find_elements(By.CSS_SELECTOR, "details.xc-unit")
    if not units or not units[0].find_elements(By.CSS_SELECTOR, "summary .xc-badge-error"):
        bad.append("the first unit section is not a unit with errors")
    links = [a.get_attribute("href").split("#")[-1] for a in d.find_elements(By.CSS_SELECTOR, "table.xc-status tbody a")]
    ids = [u.get_attribute("id") for u in units]
    if links != ids:
        bad.append(f"unit sections {ids} not in the table's order {links}")
    for t in d.find_elements(By.CSS_SELECTOR, "table.xc-findings"):
        cls = [r.get_attribute("class") for r in t.find_elements(By.CSS_SELECTOR, "tbody > tr")]
        if "xc-warning" in cls and "xc-error" in cls[cls.index("xc-warning"):]:
            bad.append(f"an error after a warning: {cls}")
            break
    if not d.title.startswith("Lỗi:"):
        bad.append(f"title {d.title!r} does not start with 'Lỗi:' although there are errors")
    report("errors-first", bad)
    # -- overview
    bad = []
    cards = d.find_elements(By.CSS_SELECTOR, "#tong-quan .xc-cards li")
    if len(cards) != 5:
        bad.append(f"{len(cards)} status cards, want 5")
    elif sum(int(c.find_element(By.TAG_NAME, "b").text) for c in cards) != len(rows):
        bad.append("the status cards do not add up to the units' table")
    top = d.find_elements(By.CSS_SELECTOR, "#tong-quan table.xc-rules tbody tr")
    if not top:
        bad.append("no table of the rules broken most often")
    report("overview", bad)
    # -- charts
    bad = []
    svgs = d.find_elements(By.CSS_SELECTOR, "#bieu-do svg.xc-chart")
    if len(svgs) != 1 + nind:
        bad.append(f"{len(svgs)} charts, want {1 + nind} (findings + {nind} indicators)")
    for s in svgs:
        if not s.find_elements(By.TAG_NAME, "rect"):
            bad.append(f"a chart without bars: {s.find_element(By.TAG_NAME, 'title').get_attribute('textContent')}")
        if s.size["width"] < 300:
            bad.append(f"a chart {s.size['width']} px wide")
    if svgs:
        labels = [t.get_attribute("textContent") for t in svgs[0].find_elements(By.TAG_NAME, "text")]
        if not any("Huyện Kon Plông" == x for x in labels) or not any(re.search(r"146 cảnh báo", x) for x in labels):
            bad.append(f"the findings chart lacks Huyện Kon Plông and its 146 warnings: {labels[:12]}")
    report("charts", bad)
    # -- folding beyond ten cells
    bad = []
    folds = d.find_elements(By.CSS_SELECTOR, ".xc-cells details")
    if not folds:
        bad.append("no group of more than ten cells is folded")
    for f in folds[:3]:
        cell_div = f.find_element(By.XPATH, "..")
        before = d.execute_script(
            "let n=0;for(const c of arguments[0].childNodes){if(c.nodeName==='DETAILS')break;"
            "if(c.nodeType===3)n+=(c.textContent.match(/[A-Z]+[0-9]+/g)||[]).length;}return n;", cell_div)
        if before != 10:
            bad.append(f"{before} cells shown before the fold, want 10")
        if not re.match(r"và \d+ ô khác", f.find_element(By.TAG_NAME, "summary").text):
            bad.append(f"fold summary {f.find_element(By.TAG_NAME, 'summary').text!r}")
    report("fold", bad)
    # -- escaping
    bad = []
    src = open(os.path.join(bundle, "bao-cao.html"), encoding="utf-8").read()
    if d.find_elements(By.CSS_SELECTOR, "img, script, iframe, object"):
        bad.append("bao-cao.html has an img/script element: workbook text was not escaped")
    if evil not in d.find_element(By.TAG_NAME, "body").text:
        bad.append("the unit name typed as markup is not shown as text")
    if "<script" in src or "<img" in src or "A < B" in src:
        bad.append("markup from a workbook in the page's source")
    if "Huyện A &lt; B &amp; &quot;C&quot; &gt; D" not in src:
        bad.append("the unit name is not in the source escaped as &lt; &amp; &quot; &gt;")
    if d.find_elements(By.CSS_SELECTOR, "body [style]"):
        bad.append("a style attribute in the page (the web pages' CSP forbids them)")
    if re.search(r"https?://(?!www\.w3\.org/2000/svg)", src):
        bad.append("an external address in the page (no CDN, no web font)")
    report("escaped", bad)
    # -- screenshots of the page, then print media
    shot(d, "bao-cao-top")
    shot(d, "bao-cao-units", "#don-vi")
    shot(d, "bao-cao-charts", "#bieu-do")
    shot(d, "bao-cao-details", "#chi-tiet")
    bad = []
    pdf = d.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True})
    raw = base64.b64decode(pdf["data"])
    with open(os.path.join(shots, "bao-cao-print.pdf"), "wb") as fh:
        fh.write(raw)
    if not raw.startswith(b"%PDF"):
        bad.append("printing gives no PDF")
    m = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\]", raw)
    if not m or abs(float(m.group(1)) - 595.3) > 2 or abs(float(m.group(2)) - 841.9) > 2:
        bad.append(f"print page size {m.groups() if m else None}, want A4 portrait (595 x 842 pt)")
    d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    if d.find_element(By.CSS_SELECTOR, ".xc-views").is_displayed():
        bad.append("the view links are printed")
    d.set_window_size(794, 1123)  # A4 at 96 dpi
    shot(d, "bao-cao-print-media")
    d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    report("print", bad)
finally:
    d.quit()

# -- the errors-only view, JavaScript off
d = browser(js=False)
try:
    bad = []
    d.get(page)
    if d.execute_script is None:
        pass
    link = d.find_elements(By.CSS_SELECTOR, ".xc-views a[href='bao-cao-chi-loi.html']")
    if not link:
        bad.append("no link to bao-cao-chi-loi.html")
    else:
        link[0].click()
        if not d.current_url.endswith("bao-cao-chi-loi.html"):
            bad.append(f"the link led to {d.current_url}")
    w = hscroll(d)
    if w[0] > w[1]:
        bad.append(f"the errors-only page scrolls sideways: {w}")
    if d.find_elements(By.CSS_SELECTOR, "tr.xc-warning, table.xc-findings .xc-badge-warning"):
        bad.append("a warning on the errors-only page")
    units = d.find_elements(By.CSS_SELECTOR, "details.xc-unit")
    if not units:
        bad.append("no unit on the errors-only page")
    for u in units:
        if u.get_attribute("open") is None:
            bad.append(f"{u.get_attribute('id')} is folded on the errors-only page")
        if not u.find_elements(By.CSS_SELECTOR, "tr.xc-error"):
            bad.append(f"{u.get_attribute('id')} has no error row")
    if not d.find_elements(By.CSS_SELECTOR, "tr.xc-error"):
        bad.append("no error row")
    shot(d, "chi-loi-top")
    shot(d, "chi-loi-details", "#chi-tiet")
    report("errors-only-nojs", bad)
finally:
    d.quit()
