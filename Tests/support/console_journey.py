#!/usr/bin/env python3
"""Walks the operator console end to end in headless Chromium, as an operations team would.

Usage: console_journey.py BASE_URL SETUP_LINK BOOTSTRAP_TOKEN OUT_DIR

The first admin is made through the one-time setup link; the admin invites a responder and viewers
on the operators page; a form sent without its CSRF token is refused and changes nothing; five
wrong passwords pause an account's sign-in even for the right one; a viewer sees no write buttons
and a viewer's forged POST is refused; markup that operators and alerts wrote (incident titles,
alert labels, component names) is shown as text and never runs; a responder's acknowledgement
reaches the admin's open incident page (timeline and summary) live; a bilingual notice is composed
with the live check flagging jargon while it is typed, previewed as SMS and email, published with
its short-notice reason and found on the public status page. Prints one JSON object of what it
saw; the Swift test (ConsoleJourneyTests) judges it.
"""
import json
import sys
import time
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

# Each payload sets window.__xss if it ever runs.
PAYLOADS = [
    '<img src=x onerror="window.__xss=1">',
    '<script>window.__xss=1</script>',
    '"><svg onload="window.__xss=1">',
]
PASSWORD = "correct horse battery"
INVITE = 'form[action="/console/users"]'


def api(base, token, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Authorization", f"Bearer {token}")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=20) as answer:
        text = answer.read().decode()
        return json.loads(text) if text else {}


def post(base, path, body):
    request = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST")
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=20) as answer:
        return answer.status


def seed(base, token):
    """Incidents from PagerDuty events whose summary, source and labels carry markup, and a component named with it."""
    api(base, token, "POST", "/api/v1/components", {"id": "xss", "name": "组件 " + PAYLOADS[2]})
    api(base, token, "POST", "/api/v1/components", {"id": "pay", "name": "支付网关"})
    integration = api(base, token, "POST", "/api/v1/integrations", {"name": "pagerduty", "kind": "pagerduty"})
    key = integration["key"]
    for number, payload in enumerate(PAYLOADS):
        status = post(base, "/v2/enqueue", {
            "routing_key": key, "event_action": "trigger", "dedup_key": f"xss-{number}",
            "payload": {"summary": f"支付失败 {payload}", "source": payload, "severity": "critical",
                        "custom_details": {"note": payload}}})
        assert status == 202, status
    return key


def driver(width, height):
    options = Options()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", f"--window-size={width},{height}",
                     "--lang=en-GB", "--hide-scrollbars"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def fill(browser, fields, form="main form"):
    """Types into the first form matching FORM and sends it with its submit button."""
    scope = browser.find_element(By.CSS_SELECTOR, form)
    for field, value in fields.items():
        element = scope.find_element(By.NAME, field)
        if element.tag_name == "select":
            browser.execute_script("arguments[0].value = arguments[1]", element, value)
        else:
            element.clear()
            element.send_keys(value)
    scope.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    time.sleep(0.4)


def text(browser):
    return browser.execute_script("return document.body.innerText")


def sign_in(browser, base, email, password):
    browser.get(f"{base}/console/login?lang=en")
    fill(browser, {"email": email, "password": password})
    return text(browser)


def invite(browser, base, email, role):
    """Invites an operator on the operators page and returns the temporary password shown once."""
    browser.get(f"{base}/console/users?lang=en")
    fill(browser, {"email": email, "name": email.split("@")[0], "role": role}, form=INVITE)
    return browser.find_element(By.CSS_SELECTOR, "p.once code").text


def post_forms(browser):
    """The actions of the POST forms on the page, without the ones every signed-in page has."""
    actions = browser.execute_script(
        "return Array.from(document.querySelectorAll('form')).filter(f => f.method.toLowerCase() === 'post')"
        ".map(f => new URL(f.action, location.href).pathname)")
    return sorted(set(a for a in actions if a not in ("/console/logout", "/console/language")))


def set_value(browser, name, value):
    """Sets an input a person would pick from a widget (datetime-local), as the widget does."""
    element = browser.find_element(By.CSS_SELECTOR, f'main form [name="{name}"]')
    browser.execute_script(
        "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));", element, value)


def compose_and_publish(browser, base, out):
    """Writes a bilingual notice in the composer, watches the live check flag jargon while typing,
    saves it, reads the SMS and email previews, publishes it with the short-notice reason (it starts
    in two hours) and looks for it on the public status page."""
    seen = {}
    browser.get(f"{base}/console/notices/new?lang=en")
    browser.execute_script("window.__notReloaded = true")
    form = browser.find_element(By.CSS_SELECTOR, "form[data-notice-check]")
    texts = {
        "title.zh-CN": "支付网关维护", "title.en": "Payment gateway maintenance",
        "reason.zh-CN": "更换数据库服务器。", "reason.en": "We replace the database servers.",
        "impact.zh-CN": "维护期间无法付款。", "impact.en": "Payments cannot be made during the work.",
        "signature.zh-CN": "运维团队", "signature.en": "The operations team",
        "contact.name": "值班室", "contact.phone": "+86 10 1234 5678",
    }
    for name, value in texts.items():
        form.find_element(By.NAME, name).send_keys(value)
    form.find_element(By.CSS_SELECTOR, 'input[name="components"][value="pay"]').click()
    zone = form.find_element(By.NAME, "time_zone").get_attribute("value")
    # Two hours from now in the notice's zone, as its datetime-local inputs hold it.
    start, end = browser.execute_script("""
        const local = (ms, zone) => new Date(ms).toLocaleString('sv-SE', {timeZone: zone}).slice(0, 16).replace(' ', 'T');
        return [local(Date.now() + 2 * 3600e3, arguments[0]), local(Date.now() + 4 * 3600e3, arguments[0])];""", zone)
    set_value(browser, "planned_start", start)
    set_value(browser, "planned_end", end)
    time.sleep(1.5)
    seen["warnings_before"] = [p.text for p in browser.find_elements(By.CSS_SELECTOR, "[data-live-note].warning")]
    # Jargon typed into the English reason: the advice appears beside it while the page stays put.
    form.find_element(By.NAME, "reason.en").send_keys(" A failover follows.")
    deadline = time.monotonic() + 10
    beside = []
    while time.monotonic() < deadline and not any("failover" in text for text in beside):
        time.sleep(0.2)
        beside = [p.text for p in browser.find_elements(By.CSS_SELECTOR, "#f-reason [data-live-note].warning")]
    seen["jargon_beside_reason"] = beside
    seen["summary_live"] = browser.find_element(By.CSS_SELECTOR, "[data-check-summary]").text
    seen["composer_not_reloaded"] = browser.execute_script("return window.__notReloaded === true")
    browser.save_screenshot(f"{out}/journey-composer-live-check-en-desktop.png")
    browser.find_element(By.CSS_SELECTOR, 'button[name="intent"][value="save"]').click()
    time.sleep(0.5)
    seen["saved_url"] = browser.current_url

    # The previews: each channel's exact message in each language, before anything is sent.
    previews = {}
    for kind in browser.find_elements(By.CSS_SELECTOR, "#preview .message-kind"):
        heading = kind.find_element(By.TAG_NAME, "h3").text
        previews[heading] = {m.get_attribute("lang"): m.text for m in kind.find_elements(By.CSS_SELECTOR, "pre.message")}
    seen["previews"] = previews
    seen["sms_length"] = [p.text for p in browser.find_elements(By.CSS_SELECTOR, "#preview .sms-length")]
    browser.save_screenshot(f"{out}/journey-notice-preview-en-desktop.png")

    # Publishing two hours ahead asks why it is so short; without a reason it is refused.
    publish = 'form[action$="/publish"]'
    browser.find_element(By.CSS_SELECTOR, f"{publish} button[type=submit]").click()
    time.sleep(0.5)
    seen["publish_without_reason"] = browser.find_element(By.CSS_SELECTOR, publish).text
    seen["publish_without_reason_url"] = browser.current_url
    complaints(browser)  # the browser logs the 422 above; what follows must log nothing
    fill(browser, {"short_notice_reason": "The vendor moved the work forward."}, form=publish)
    seen["published_url"] = browser.current_url
    seen["published_text"] = text(browser)[:400]

    # The public status page shows it, in both languages.
    browser.get(f"{base}/?lang=en")
    seen["status_page_en"] = text(browser)
    browser.get(f"{base}/?lang=zh-CN")
    seen["status_page_zh"] = text(browser)
    browser.save_screenshot(f"{out}/journey-status-page-zh-desktop.png")
    return seen


def complaints(browser):
    return [entry["message"] for entry in browser.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")]


def main():
    base, setup, token, out = sys.argv[1:5]
    seed(base, token)
    result = {}
    admin = driver(1280, 800)
    phone = driver(375, 812)
    try:
        # The first admin, through the link `herald serve` printed.
        admin.get(setup)
        fill(admin, {"email": "admin@example.com", "name": "王芳", "password": PASSWORD, "password_again": PASSWORD})
        result["setup_landed"] = admin.current_url
        responder_password = invite(admin, base, "responder@example.com", "responder")
        result["responder_password"] = bool(responder_password)
        viewer_password = invite(admin, base, "viewer@example.com", "viewer")
        paused_password = invite(admin, base, "paused@example.com", "viewer")

        # A form whose CSRF token was taken out is refused, and nobody is invited.
        admin.get(f"{base}/console/users?lang=en")
        admin.execute_script("document.querySelectorAll('input[name=csrf]').forEach(e => e.remove())")
        fill(admin, {"email": "forged@example.com", "name": "forged", "role": "admin"}, form=INVITE)
        result["csrf_refused_text"] = text(admin)[:300]
        complaints(admin)  # the 403 above is logged by the browser; what follows must log nothing
        admin.get(f"{base}/console/users?lang=en")
        result["forged_listed"] = "forged@example.com" in text(admin)
        admin.save_screenshot(f"{out}/journey-users-en-desktop.png")

        # Markup from alerts and operators is text: nothing runs, and the reader sees what was written.
        result["xss"] = []
        for path in ["/console/", "/console/?lang=zh-CN"] + [p for p in sys.argv[5:]]:
            admin.get(base + path)
            time.sleep(0.3)
            result["xss"].append({
                "path": path, "ran": admin.execute_script("return window.__xss === 1"),
                "shown": any(p in text(admin) for p in PAYLOADS),
                "complaints": complaints(admin)})
        admin.save_screenshot(f"{out}/journey-overview-en-desktop.png")

        # Five wrong passwords pause this account, even for the right password; others still get in.
        for _ in range(5):
            sign_in(phone, base, "paused@example.com", "wrong password!!")
        result["paused_text"] = sign_in(phone, base, "paused@example.com", paused_password)[:400]
        result["paused_url"] = phone.current_url
        phone.save_screenshot(f"{out}/journey-throttled-en-phone.png")

        # A viewer reads but has no write buttons, and a forged POST with its own token is refused.
        sign_in(phone, base, "viewer@example.com", viewer_password)
        result["viewer_landed"] = phone.current_url
        result["viewer_forms"] = {}
        for path in ["/console/"] + [p for p in sys.argv[5:]]:
            phone.get(base + path)
            result["viewer_forms"][path] = post_forms(phone)
        phone.get(f"{base}/console/account?lang=en")
        result["viewer_forged_status"] = phone.execute_async_script("""
            const done = arguments[arguments.length - 1];
            const csrf = document.querySelector('input[name=csrf]').value;
            fetch('/console/users', {method: 'POST', headers: {'Content-Type': 'application/x-www-form-urlencoded'},
                  body: new URLSearchParams({csrf, email: 'sneaky@example.com', name: 'sneaky', role: 'admin'})})
              .then(r => done(r.status), e => done(String(e)));
        """)
        admin.get(f"{base}/console/users?lang=en")
        result["sneaky_listed"] = "sneaky@example.com" in text(admin)
        phone.get(f"{base}/console/?lang=en")
        phone.save_screenshot(f"{out}/journey-overview-viewer-en-phone.png")

        # A responder acknowledges a PagerDuty-triggered incident from a phone; the admin's open page
        # shows it on its timeline without being reloaded.
        incident = api(base, token, "GET", "/api/v1/incidents")["incidents"][0]["id"]
        admin.get(f"{base}/console/incidents/{incident}?lang=en")
        admin.execute_script("window.__notReloaded = true")
        time.sleep(1)
        responder = driver(375, 812)
        try:
            sign_in(responder, base, "responder@example.com", responder_password)
            responder.get(f"{base}/console/incidents/{incident}?lang=en")
            responder.find_element(By.CSS_SELECTOR, f'form[action="/console/incidents/{incident}/acknowledge"] button[type=submit]').click()
            time.sleep(0.5)
            result["acknowledged_text"] = text(responder)[:600]
            responder.save_screenshot(f"{out}/journey-incident-acknowledged-en-phone.png")
        finally:
            responder.quit()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and "responder@example.com" not in admin.find_element(By.CSS_SELECTOR, "[data-live-timeline]").text:
            time.sleep(0.2)
        result["live_timeline"] = admin.find_element(By.CSS_SELECTOR, "[data-live-timeline]").text[-600:]
        # The summary card follows the timeline: who acknowledged, and the state, without a reload.
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and "responder@example.com" not in admin.find_element(By.CSS_SELECTOR, "[data-live-summary]").text:
            time.sleep(0.2)
        result["live_summary"] = admin.find_element(By.CSS_SELECTOR, "[data-live-summary]").text
        result["live_not_reloaded"] = admin.execute_script("return window.__notReloaded === true")
        admin.save_screenshot(f"{out}/journey-incident-live-en-desktop.png")

        result["notice"] = compose_and_publish(admin, base, out)
        result["notice"]["complaints"] = complaints(admin)
    finally:
        admin.quit()
        phone.quit()
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
