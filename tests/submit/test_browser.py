#!/usr/bin/env python3
"""The whole quarter in a real browser (headless Chromium through Selenium,
JavaScript on as people have it): a district logs in with its access code,
submits its workbook and sees its findings; a second district submits a
clean one; the Sở logs in, sees both on the dashboard (and who is
missing), merges with one click and downloads the bundle, whose manifest
names the versions' SHA-256.  Screenshots of every page go to
build/screenshots/submit/*.png.

usage: test_browser.py XLSXCHECK ROOT TMPDIR"""
import hashlib
import os
import sys
import time
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from common import Server, result  # noqa: E402

common.PREFIX = "submit.browser"
xc, root, tmp = sys.argv[1:4]
os.makedirs(tmp, exist_ok=True)
# beside the binary, as the server's browser test does, in a folder of their own
shots = os.path.join(os.path.dirname(os.path.abspath(xc)), "screenshots", "submit")
os.makedirs(shots, exist_ok=True)
ex = os.path.join(root, "examples", "don-vi")
DAKHA = os.path.join(ex, "bao-cao-dinh-ky_dak-ha_2023-q1.xlsx")
KONTUM = os.path.join(ex, "bao-cao-dinh-ky_tp-kon-tum_2023-q1.xlsx")

try:
    from selenium import webdriver
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import Select, WebDriverWait
except ImportError as e:
    result("selenium", False, f"python3-selenium is missing ({e}); scripts/install-deps.sh test installs it")
    sys.exit(0)

data = os.path.join(tmp, "data")
codes, admin_pw = common.issue_codes(xc, data)
srv = Server(xc, data, os.path.join(tmp, "server.log"))
if not result("server_starts", srv.start(), "no answer on /healthz"):
    sys.exit(0)
base = f"http://127.0.0.1:{srv.port}"
downloads = os.path.join(tmp, "downloads")
os.makedirs(downloads, exist_ok=True)

opts = webdriver.ChromeOptions()
opts.binary_location = "/usr/bin/chromium"
for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1366,768",
          "--lang=vi"):
    opts.add_argument(a)
opts.add_experimental_option("prefs", {"download.default_directory": downloads, "download.prompt_for_download": False,
                                       "intl.accept_languages": "vi,en"})
driver = None
try:
    service = webdriver.ChromeService(executable_path="/usr/bin/chromedriver") if hasattr(webdriver, "ChromeService") \
        else webdriver.chrome.service.Service("/usr/bin/chromedriver")
    driver = webdriver.Chrome(service=service, options=opts)
    driver.set_page_load_timeout(120)
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})

    def shot(name):
        h = driver.execute_script("return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)")
        driver.set_window_size(1366, max(768, min(int(h) + 40, 6000)))
        driver.save_screenshot(os.path.join(shots, f"{name}.png"))
        driver.set_window_size(1366, 768)

    def gone(old):
        """True once old's document is replaced.  Chromium answers a node of a
        document that is going away either with a stale-element error or with
        "Node with given id does not belong to the document" (a plain
        WebDriverException that EC.staleness_of does not catch): both mean gone."""
        def check(_):
            try:
                old.is_enabled()
                return False
            except WebDriverException:
                return True
        return check

    def click_and_wait(selector, url_part):
        """Clicks a form's button and waits for the next page (bounded)."""
        old = driver.find_element(By.TAG_NAME, "html")
        driver.find_element(By.CSS_SELECTOR, selector).click()
        WebDriverWait(driver, 60).until(gone(old))
        WebDriverWait(driver, 60).until(lambda d: url_part in d.current_url)
        WebDriverWait(driver, 60).until(lambda d: d.execute_script("return document.readyState") == "complete")

    def login(unit, secret, lands="/nop-bao-cao"):
        driver.get(base + "/nop-bao-cao")
        Select(driver.find_element(By.ID, "unit")).select_by_value(unit)
        driver.find_element(By.ID, "secret").send_keys(secret)
        click_and_wait("form.login button[type=submit]", lands)

    def logout():
        click_and_wait("form.logout button[type=submit]", "/nop-bao-cao")

    def upload(path):
        driver.find_element(By.ID, "file").send_keys(path)
        click_and_wait("form.upload button[type=submit]", "/nop-bao-cao/")

    # a district: log in, submit a workbook with slips, see the findings
    driver.get(base + "/nop-bao-cao")
    shot("01-login")
    login("615", codes["615"])
    ok = "Huyện Đắk Hà" in driver.find_element(By.TAG_NAME, "h1").text
    shot("02-upload")
    result("district_logs_in", ok, driver.current_url)
    upload(DAKHA)
    body = driver.find_element(By.TAG_NAME, "body").text
    shot("03-findings")
    result("district_sees_findings", "/nop-bao-cao/" in driver.current_url and "có lỗi" in body and "Cách sửa" in body,
           f"{driver.current_url}: {body[:300]!r}")
    driver.get(base + "/nop-bao-cao")
    rows = driver.find_elements(By.CSS_SELECTOR, "table.submissions tbody tr")
    shot("04-own-list")
    result("district_sees_own_list", len(rows) == 1, f"{len(rows)} rows")
    logout()

    # another district submits a clean workbook
    login("608", codes["608"])
    upload(KONTUM)
    body = driver.find_element(By.TAG_NAME, "body").text
    result("second_district_passes", "Tệp không có lỗi" in body, body[:300])
    logout()

    # the Sở: dashboard, merge, download
    login("admin", admin_pw, lands="/so-noi-vu")
    body = driver.find_element(By.TAG_NAME, "body").text
    shot("05-dashboard")
    row = dict(driver.execute_script(
        "return Array.from(document.querySelectorAll('table.dashboard tbody tr'))"
        ".map(r => [r.querySelector('th').innerText, r.innerText]);"))
    ok = ("/so-noi-vu" in driver.current_url and "có lỗi" in row.get("Huyện Đắk Hà", "")
          and "đạt" in row.get("Thành phố Kon Tum", "") and "chưa nộp" in row.get("Huyện Sa Thầy", "")
          and driver.find_elements(By.CSS_SELECTOR, "figure.chart svg"))
    result("admin_dashboard", bool(ok), f"{driver.current_url}: {list(row.items())[:3]}")
    click_and_wait("form.merge button[type=submit]", "/so-noi-vu/tong-hop/")
    shot("06-merge")
    link = driver.find_element(By.ID, "bundle-download")
    link.click()
    zips = []
    for _ in range(120):
        zips = [f for f in os.listdir(downloads) if f.endswith(".zip")]
        if zips:
            break
        time.sleep(0.5)
    ok, why = bool(zips), "no bundle downloaded"
    if ok:
        z = zipfile.ZipFile(os.path.join(downloads, zips[0]))
        man = [n for n in z.namelist() if "manifest" in n.lower()]
        text = z.read(man[0]).decode("utf-8", "replace") if man else ""
        want = [hashlib.sha256(open(p, "rb").read()).hexdigest() for p in (DAKHA, KONTUM)]
        ok = all(w in text for w in want)
        why = f"{zips[0]}: manifest {text[:200]!r}"
    result("admin_merges_and_downloads", ok, why)
except Exception as e:  # a step that could not be done is a failure, with what was on the page
    result("script", False, f"{type(e).__name__}: {str(e)[:300]} at {driver.current_url if driver else '?'}")
finally:
    if driver:
        driver.quit()
    srv.stop()
