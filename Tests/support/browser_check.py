#!/usr/bin/env python3
"""Drives headless Chromium over Herald's public pages, as a reader would open them.

Usage: browser_check.py BASE_URL OUT_DIR PATH... [--live INCIDENT_PATH TOKEN] [--console SETUP_LINK EMAIL PASSWORD PATH...]

For every path, in both languages, on a phone (375x812) and a desktop (1280x800) it records the
page's language, whether anything is wider than the screen, what the browser complained about
(a Content-Security-Policy violation shows up here), and a screenshot in OUT_DIR. Then it fills in
the subscribe form wrongly on a phone and reads what the page says. With --console it also opens
the operator console: its sign-in page signed out, then on the phone it makes the first admin
through the setup link and on the desktop signs in with the form, and checks each console PATH the
same way. With --live it opens that console incident page, posts an update through the API and
waits for it to appear in the page without a reload. Prints one JSON object.
"""
import base64
import json
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By


def driver(width, height):
    options = Options()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", f"--window-size={width},{height}",
                     "--lang=zh-CN", "--hide-scrollbars"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def look(browser, base, out, path, name, pages):
    """Opens PATH in both languages and records what a reader would notice."""
    for language in ("zh-CN", "en"):
        separator = "&" if "?" in path else "?"
        browser.get(f"{base}{path}{separator}lang={language}")
        state = browser.execute_script(
            "return {lang: document.documentElement.lang, title: document.title,"
            " overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,"
            " text: document.body.innerText}")
        slug = path.strip("/").replace("/", "-") or "home"
        shot = f"{out}/{slug}-{language}-{name}.png"
        browser.save_screenshot(shot)
        full_page(browser, shot.replace(".png", "-full.png"))
        complaints = [entry["message"] for entry in browser.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")]
        pages.append({"path": path, "language": language, "device": name, "lang": state["lang"], "title": state["title"],
                      "overflow": state["overflow"], "complaints": complaints, "screenshot": shot, "text": state["text"][:4000]})


def full_page(browser, path):
    """The whole page beyond the window, for whoever reviews the screenshots, when it is taller."""
    height = browser.execute_script("return document.documentElement.scrollHeight - window.innerHeight")
    if height <= 0:
        return
    shot = browser.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
    with open(path, "wb") as file:
        file.write(base64.b64decode(shot["data"]))


def fill(browser, fields):
    for field, value in fields.items():
        element = browser.find_element(By.NAME, field)
        element.clear()
        element.send_keys(value)
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    time.sleep(0.5)


def check_live(browser, base, out, live):
    """--live PATH TOKEN: with the incident page open, posts an update through the API and waits
    (at most 10 s) for it to appear in the page, which must not reload meanwhile."""
    import urllib.request
    browser.get(f"{base}{live['path']}?lang=en")
    browser.execute_script("window.heraldNotReloaded = true")
    time.sleep(1)
    message = f"live check {time.time():.0f}"
    incident = live["path"].rstrip("/").split("/")[-1]
    request = urllib.request.Request(
        f"{base}/api/v1/incidents/{incident}/updates", method="POST", data=json.dumps({"message": message, "public": False}).encode(),
        headers={"Authorization": f"Bearer {live['token']}", "Content-Type": "application/json"})
    urllib.request.urlopen(request).read()
    started = time.time()
    seen = False
    while time.time() - started < 10 and not seen:
        seen = message in browser.execute_script("return document.querySelector('ol.timeline').innerText")
        if not seen:
            time.sleep(0.2)
    browser.save_screenshot(f"{out}/incident-live-en-desktop.png")
    reloaded = not browser.execute_script("return window.heraldNotReloaded === true")
    complaints = [entry["message"] for entry in browser.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")]
    return {"seen": seen, "seconds": round(time.time() - started, 2), "reloaded": reloaded, "complaints": complaints}


def main():
    arguments = sys.argv[1:]
    console = None
    live = None
    if "--live" in arguments:
        at = arguments.index("--live")
        live = {"path": arguments[at + 1], "token": arguments[at + 2]}
        arguments = arguments[:at] + arguments[at + 3:]
    if "--console" in arguments:
        at = arguments.index("--console")
        arguments, rest = arguments[:at], arguments[at + 1:]
        console = {"setup": rest[0], "email": rest[1], "password": rest[2], "paths": rest[3:]}
    base, out, paths = arguments[0], arguments[1], arguments[2:]
    pages = []
    signed_in = {}
    result_live = None
    for name, (width, height) in (("phone", (375, 812)), ("desktop", (1280, 800))):
        browser = driver(width, height)
        try:
            for path in paths:
                look(browser, base, out, path, name, pages)
            if console:
                look(browser, base, out, "/console/login", name, pages)
                if name == "phone":
                    browser.get(console["setup"])
                    fill(browser, {"email": console["email"], "name": "李伟", "password": console["password"],
                                   "password_again": console["password"]})
                else:
                    browser.get(f"{base}/console/login")
                    fill(browser, {"email": console["email"], "password": console["password"]})
                signed_in[name] = browser.current_url
                for path in console["paths"]:
                    look(browser, base, out, path, name, pages)
                if live and name == "desktop":
                    result_live = check_live(browser, base, out, live)
            if name == "phone":
                browser.get(f"{base}/subscribe?lang=en")
                browser.find_element(By.NAME, "email").send_keys("li@example")
                # The browser's own check would stop a wrong address; a reader on an old phone has none.
                browser.execute_script("document.querySelector('form').noValidate = true")
                browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
                time.sleep(0.5)
                browser.save_screenshot(f"{out}/subscribe-refused-en-phone.png")
                form = {"text": browser.execute_script("return document.body.innerText"),
                        "email": browser.find_element(By.NAME, "email").get_attribute("value"),
                        "invalid": browser.find_element(By.NAME, "email").get_attribute("aria-invalid")}
        finally:
            browser.quit()
    print(json.dumps({"pages": pages, "form": form, "signed_in": signed_in, "live": result_live}, ensure_ascii=False))


if __name__ == "__main__":
    main()
