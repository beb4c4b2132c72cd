#!/usr/bin/python3
"""A real browser on `xlsxcheck serve`: headless Chromium through Selenium.

    browser_test.py XLSXCHECK WORKDIR

Opens /, follows the link to the district page, uploads a workbook with
slips through the form, sees its findings, downloads the marked workbook and
opens it with openpyxl; the help-desk page with a TCVN3 file; a workbook with
script in its cells runs no script; the district page with JavaScript off;
screenshots of every page into build/screenshots/ (beside the binary).
Prints "ok NAME" or "FAIL NAME: why"."""
import glob
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import http_test as ht  # noqa: E402  (the server fixture; reads the same argv)

from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import NoAlertPresentException, WebDriverException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

SHOTS = os.path.join(os.path.dirname(os.path.abspath(ht.XLSXCHECK)), "screenshots")
DOWNLOADS = os.path.join(ht.WORK, "downloads")


def browser(js=True):
    o = webdriver.ChromeOptions()
    o.binary_location = "/usr/bin/chromium"
    for a in ("--headless=new", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1366,900",
              "--lang=vi", "--no-first-run"):
        o.add_argument(a)
    if os.geteuid() == 0:
        o.add_argument("--no-sandbox")
    prefs = {"download.default_directory": DOWNLOADS, "download.prompt_for_download": False,
             "intl.accept_languages": "vi-VN,vi"}
    if not js:
        prefs["profile.managed_default_content_settings.javascript"] = 2
    o.add_experimental_option("prefs", prefs)
    d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=o)
    d.set_page_load_timeout(60)
    return d


def shot(d, name):
    """The whole page: the window made as tall as the document first."""
    try:
        h = d.execute_script("return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)")
    except WebDriverException:
        h = 900
    d.set_window_size(1366, min(max(int(h) + 40, 700), 12000))
    d.save_screenshot(os.path.join(SHOTS, name + ".png"))
    d.set_window_size(1366, 900)


def no_alert(d):
    try:
        d.switch_to.alert
        return False
    except NoAlertPresentException:
        return True


def wait_h1(d, text, timeout=60):
    WebDriverWait(d, timeout).until(EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), text))


def main():
    os.makedirs(SHOTS, exist_ok=True)
    os.makedirs(DOWNLOADS, exist_ok=True)
    for f in glob.glob(os.path.join(SHOTS, "*.png")):
        os.remove(f)
    slips = os.path.join(ht.EXAMPLES, ht.SLIPS)
    cli = ht.cli_json(["check", "--format", "json", ht.SLIPS], ht.EXAMPLES)
    # the help desk's odd files (TCVN3 among them)
    cases = os.path.join(ht.WORK, "explain-cases")
    r = subprocess.run([sys.executable, os.path.join(ht.ROOT, "tests", "explain", "mkcases.py"), cases],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
    if r.returncode != 0:
        ht.fail("serve-browser-cases", r.stderr.decode()[-300:])
        return
    evil = os.path.join(ht.WORK, "script-browser.xlsx")
    subprocess.run([sys.executable, os.path.join(ht.HERE, "mkscript.py"), slips, evil], check=True, timeout=60)

    srv = ht.Server("--threads", "2")
    d = browser()
    try:
        base = srv.url
        d.get(base)
        ht.check("serve-browser-home", "Kiểm tra" in d.title and d.find_element(By.TAG_NAME, "h1").text)
        shot(d, "01-home")
        # the district page, through the home page's link
        d.find_element(By.PARTIAL_LINK_TEXT, "Kiểm tra tệp").click()
        WebDriverWait(d, 30).until(EC.url_contains("/kiem-tra"))
        ht.check("serve-browser-link-to-district-page", d.current_url.endswith("/kiem-tra"), d.current_url)
        shot(d, "02-kiem-tra")
        d.find_element(By.ID, "file").send_keys(slips)
        d.find_element(By.CSS_SELECTOR, "form.upload button[type=submit]").click()
        wait_h1(d, "Kết quả kiểm tra")
        body = d.find_element(By.TAG_NAME, "main").text
        rules = {f["rule"] for f in cli["files"][0]["findings"] if f["severity"] == "error"}
        ht.check("serve-browser-findings-shown", d.title.startswith("Lỗi:") and all(r_ in body for r_ in rules)
                 and "UBND huyện Đăk Hà" in body and "2 lỗi" in body, (d.title, rules))
        shot(d, "03-kiem-tra-ket-qua")
        # the marked workbook, downloaded and opened with openpyxl
        link = d.find_element(By.CSS_SELECTOR, "a[download$='_da-kiem-tra.xlsx']")
        link.click()
        target = os.path.join(DOWNLOADS, "bao-cao-dinh-ky_dak-ha_2023-q1_da-kiem-tra.xlsx")
        for _ in range(100):
            if os.path.exists(target) and not glob.glob(os.path.join(DOWNLOADS, "*.crdownload")):
                break
            time.sleep(0.2)
        try:
            import openpyxl
            wb = openpyxl.load_workbook(target)
            red = any(c.fill is not None and c.fill.fgColor is not None and str(c.fill.fgColor.rgb).upper().endswith("FFC7CE")
                      for ws in wb.worksheets for row in ws.iter_rows() for c in row)
            ht.check("serve-browser-download-annotated", "Nhật ký lỗi" in wb.sheetnames and red, wb.sheetnames)
        except Exception as e:  # noqa: BLE001 (any failure to open is the finding)
            ht.fail("serve-browser-download-annotated", repr(e))
        # the help desk with a TCVN3 file
        d.get(base + "ho-tro")
        shot(d, "04-ho-tro")
        d.find_element(By.ID, "file").send_keys(os.path.join(cases, "tcvn3.xlsx"))
        d.find_element(By.CSS_SELECTOR, "form.upload button[type=submit]").click()
        wait_h1(d, "Giải thích tệp")
        body = d.find_element(By.TAG_NAME, "main").text
        ht.check("serve-browser-help-tcvn3", "TCVN3" in body and "Unikey" in body and "tcvn3.xlsx" in body, body[:200])
        shot(d, "05-ho-tro-tcvn3")
        # script in the cells and in a sheet name: shown as text, never run
        d.get(base + "kiem-tra")
        d.find_element(By.ID, "file").send_keys(evil)
        d.find_element(By.CSS_SELECTOR, "form.upload button[type=submit]").click()
        wait_h1(d, "Kết quả kiểm tra")
        time.sleep(0.5)
        body = d.execute_script("return document.querySelector('main').textContent")
        # the unit is shown as the rules read it (markup stripped); the sheet name as text
        ht.check("serve-browser-script-not-run", no_alert(d) and "UBND huyện Đăk Hà" in body and "alert(1)" not in body
                 and "<img src=x onerror=alert(2)>" in body, body[:200])
        shot(d, "06-kiem-tra-script")
        # Tổng hợp with the ten units
        d.get(base + "tong-hop")
        shot(d, "07-tong-hop")
        d.find_element(By.ID, "file").send_keys("\n".join(sorted(glob.glob(os.path.join(ht.EXAMPLES, "*.xlsx")))))
        d.find_element(By.CSS_SELECTOR, "form.upload button[type=submit]:not([name])").click()
        wait_h1(d, "Kết quả tổng hợp")
        body = d.find_element(By.TAG_NAME, "main").text
        ht.check("serve-browser-merge", "Kon Tum" in body and "Quý I/2023" in body, body[:200])
        shot(d, "08-tong-hop-ket-qua")
        d.get(base + "bieu-mau")
        ht.check("serve-browser-forms", "BM3-10" in d.find_element(By.TAG_NAME, "main").text)
        shot(d, "09-bieu-mau")
        d.get(base + "?lang=en")
        ht.check("serve-browser-english", "Check before sending" in d.find_element(By.TAG_NAME, "main").text)
        shot(d, "10-home-en")
        d.get(base + "khong-co")
        shot(d, "11-404")
        logs = [l["message"] for l in d.get_log("browser") if "Content Security Policy" in l["message"]]
        # a blocked style attribute only loses a column width; a blocked script means a page relies on one
        styles = [m for m in logs if "inline style" in m]
        if styles:
            print("# serve-browser: %d style attributes blocked by the CSP (column widths)" % len(styles))
        scripts = [m for m in logs if "inline style" not in m]
        ht.check("serve-browser-no-csp-script-violation", not scripts, scripts[:2])
    except Exception as e:  # noqa: BLE001
        ht.fail("serve-browser", repr(e))
    finally:
        d.quit()

    # JavaScript off: the form still works (the server renders everything)
    d = browser(js=False)
    try:
        d.get(srv.url + "kiem-tra")
        d.find_element(By.ID, "file").send_keys(slips)
        d.find_element(By.CSS_SELECTOR, "form.upload button[type=submit]").click()
        wait_h1(d, "Kết quả kiểm tra")
        body = d.find_element(By.TAG_NAME, "main").text
        ht.check("serve-browser-no-javascript", "UBND huyện Đăk Hà" in body and "2 lỗi" in body, body[:200])
        shot(d, "12-kiem-tra-khong-js")
    except Exception as e:  # noqa: BLE001
        ht.fail("serve-browser-no-javascript", repr(e))
    finally:
        d.quit()
    code = srv.stop()
    ht.check("serve-browser-server-stop", code == 0, code)
    n = len(glob.glob(os.path.join(SHOTS, "*.png")))
    ht.check("serve-browser-screenshots", n >= 12, n)


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # noqa: BLE001
        import traceback
        traceback.print_exc()
        ht.fail("serve-browser-harness", repr(e))
    sys.exit(1 if ht.failures else 0)
