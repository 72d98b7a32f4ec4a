#!/usr/bin/env python3
"""Drives headless Chromium over Herald's public pages, as a reader would open them.

Usage: browser_check.py BASE_URL OUT_DIR PATH...

For every path, in both languages, on a phone (375x812) and a desktop (1280x800) it records the
page's language, whether anything is wider than the screen, what the browser complained about
(a Content-Security-Policy violation shows up here), and a screenshot in OUT_DIR. Then it fills in
the subscribe form wrongly on a phone and reads what the page says. Prints one JSON object.
"""
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


def main():
    base, out, paths = sys.argv[1], sys.argv[2], sys.argv[3:]
    pages = []
    for name, (width, height) in (("phone", (375, 812)), ("desktop", (1280, 800))):
        browser = driver(width, height)
        try:
            for path in paths:
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
                    complaints = [entry["message"] for entry in browser.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")]
                    pages.append({"path": path, "language": language, "device": name, "lang": state["lang"], "title": state["title"],
                                  "overflow": state["overflow"], "complaints": complaints, "screenshot": shot, "text": state["text"][:4000]})
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
    print(json.dumps({"pages": pages, "form": form}, ensure_ascii=False))


if __name__ == "__main__":
    main()
