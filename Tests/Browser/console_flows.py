#!/usr/bin/env python3
"""The console's flows in headless Chromium, as its users would go through them.

Run by ConsoleBrowserTests (swift test) against a test server:

    console_flows.py --base https://127.0.0.1:PORT --household ID --screenshots DIR

`--household` is a household in the grid worker's grid that is due for a visit. Every flow checks
what the page shows, not only that it loaded, and fails on any message the browser's console
logged (a script error, a refused resource, a content-security-policy violation). Screenshots of
each page at phone width (360 px) and desktop width go to DIR. Exits 1 with the first failure.
"""

import argparse
import datetime
import json
import os
import ssl
import sys
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

PASSWORD = "safetynet-demo"
PHONE = (360, 780)
DESKTOP = (1280, 900)


class FlowFailure(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise FlowFailure(message)


class Browser:
    """One headless Chromium with its own cookies; fails on anything its console logs."""

    def __init__(self, base, screenshots, size):
        options = webdriver.ChromeOptions()
        options.binary_location = os.environ.get("SAFETYNET_CHROMIUM", "/usr/bin/chromium")
        for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--lang=zh-CN"):
            options.add_argument(argument)
        options.add_argument(f"--window-size={max(size[0], 500)},{size[1]}")
        if size[0] < 500:
            # A desktop window is never narrower than 500 px: a phone's screen is emulated instead.
            options.add_experimental_option(
                "mobileEmulation", {"deviceMetrics": {"width": size[0], "height": size[1], "pixelRatio": 2.0, "touch": True}})
        options.accept_insecure_certs = True  # the test server's self-signed certificate
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        service = Service(os.environ.get("SAFETYNET_CHROMEDRIVER", "/usr/bin/chromedriver"))
        self.driver = webdriver.Chrome(options=options, service=service)
        self.base = base
        self.screenshots = screenshots
        self.size = size

    def open(self, path):
        self.driver.get(self.base + path)
        self.check_console()

    def check_console(self):
        # A page answered with its own status (401 for a wrong password, 422 for a refused form) is
        # logged as a failed load of the page itself: that status is the point, and its text is
        # checked. Anything else logged fails: a script error, a missing or refused resource.
        page = self.driver.current_url.split("?")[0]
        logged = [
            entry for entry in self.driver.get_log("browser")
            if entry.get("level") in ("SEVERE", "WARNING")
            and not (entry.get("source") == "network" and entry.get("message", "").split(" ")[0].split("?")[0] == page)
        ]
        expect(not logged, f"the browser's console logged on {self.driver.current_url}: {logged}")

    def text(self, selector):
        return self.driver.find_element(By.CSS_SELECTOR, selector).text

    def fill(self, selector, value):
        field = self.driver.find_element(By.CSS_SELECTOR, selector)
        field.clear()
        field.send_keys(value)

    def submit(self, selector):
        # Waits for the answer to replace the page before looking at it.
        self.driver.execute_script("window.consoleFlowOldPage = true")
        self.driver.find_element(By.CSS_SELECTOR, selector).click()
        WebDriverWait(self.driver, 15).until(
            lambda driver: driver.execute_script("return document.readyState === 'complete' && !window.consoleFlowOldPage"))
        self.check_console()

    def shoot(self, name):
        # The whole page, not only the window: a phone screenshot shows how far a list runs.
        height = self.driver.execute_script("return document.documentElement.scrollHeight")
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": self.size[0], "height": max(self.size[1], min(height, 4000)), "deviceScaleFactor": 1, "mobile": self.size[0] < 500})
        self.driver.save_screenshot(os.path.join(self.screenshots, name + ".png"))
        if self.size[0] < 500:
            self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
                "width": self.size[0], "height": self.size[1], "deviceScaleFactor": 2, "mobile": True})
        else:
            self.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})

    def sign_in(self, login, password=PASSWORD):
        self.open("/signin")
        self.fill("#login", login)
        self.fill("#password", password)
        self.submit("form[action='/signin'] button[type=submit]")

    def quit(self):
        self.driver.quit()


def wrong_password(base, screenshots):
    browser = Browser(base, screenshots, PHONE)
    try:
        browser.sign_in("grid", "not-the-password")
        expect("账号或密码错误" in browser.text("#signin-problem"), "a wrong password is not explained")
        expect(browser.driver.find_element(By.CSS_SELECTOR, "#login").get_attribute("value") == "grid", "the login was not kept")
        browser.shoot("signin-phone")
        browser.open("/")
        expect(browser.driver.current_url.endswith("/signin"), "the workbench opened without signing in")
    finally:
        browser.quit()


def grid_worker_records_visit(base, screenshots, household):
    """A grid worker on a phone: the due list, the household, a visit with a need, the chain."""
    browser = Browser(base, screenshots, PHONE)
    try:
        browser.sign_in("grid")
        expect(browser.text("h1") == "工作台", f"signed in, the page is {browser.text('h1')!r}, not the workbench")
        expect("网格员" in browser.text(".who"), "the header does not name the grid worker's role")
        visits = browser.text("#visits")
        link = browser.driver.find_element(By.CSS_SELECTOR, f"#visits a[href='/households/{household}']")
        card = link.find_element(By.XPATH, "..").text
        expect(any(level in card for level in ("红色", "黄色", "蓝色", "绿色")), f"the due household's risk is not written: {card!r}")
        expect("到期" in card or "逾期" in card, f"the due household does not say when it falls due: {card!r}")
        expect("待走访" in visits, "the workbench has no list of visits due")
        width = browser.driver.execute_script("return document.documentElement.scrollWidth")
        expect(width <= PHONE[0], f"the workbench is {width} px wide on a {PHONE[0]} px phone")
        browser.shoot("grid-workbench-phone")

        # The alert the medical data raised: its facts, then the look in the field.
        alerts = browser.text("#alerts")
        expect("红色" in alerts and "¥60,000.00" in alerts, f"the alert to verify is not listed with its level and amount: {alerts!r}")
        browser.submit("#alerts a")
        expect("自付" in browser.text(".facts"), "the alert does not show the department's data with its labels")
        browser.fill("#findings", "核实属实：户主住院，家中无其他收入。")
        browser.shoot("grid-alert-phone")
        browser.submit("#visit-form button[type=submit]")
        expect("已入户核实" in browser.text(".notice"), "no notice that the alert was verified")
        expect("核实属实" in browser.text("main"), "the verification is not shown on the alert")
        browser.open("/")

        browser.submit(f"#visits a[href='/households/{household}']")
        members = browser.text("table")
        expect("*" in members, "member ID numbers are not masked")
        expect("户主" in members, "the head of household is not listed")
        browser.fill("#findings", "入户核实：户主腿伤未愈，需要医疗救助。")
        browser.driver.find_element(By.CSS_SELECTOR, "input[name=needs][value=medical]").click()
        browser.shoot("grid-household-phone")
        browser.submit("#visit-form button[type=submit]")
        expect("走访记录已保存" in browser.text(".notice"), "no notice that the visit was saved")
        steps = [step.text for step in browser.driver.find_elements(By.CSS_SELECTOR, "#chain li")]
        expect(any("入户走访" in step and "户主腿伤未愈" in step for step in steps), f"the visit is not in the chain: {steps!r}")

        # The need the visit found goes to the medical-aid department, from the visit.
        need = Select(browser.driver.find_element(By.CSS_SELECTOR, "#referral-need"))
        expect(need.first_selected_option.get_attribute("value") == "medical", "the referral form does not start from the visit's need")
        expect(browser.driver.find_elements(By.CSS_SELECTOR, "#referral-form input[name=visitID]"), "the referral form does not name the visit")
        Select(browser.driver.find_element(By.CSS_SELECTOR, "#referral-module")).select_by_value("medical-aid")
        browser.fill("#referral-description", "户主腿伤未愈，住院自付费用高，请医保部门核实救助。")
        browser.submit("#referral-form button[type=submit]")
        expect("已转办" in browser.text(".notice"), "no notice that the referral was sent")
        steps = [step.text for step in browser.driver.find_elements(By.CSS_SELECTOR, "#chain li")]
        expect(any("转办" in step and "医疗" in step for step in steps), f"the referral is not in the chain: {steps!r}")

        # A visit in the future is refused with the reason, and what was typed stays.
        browser.driver.execute_script("document.getElementById('visitedAt').removeAttribute('max')")
        browser.fill("#findings", "未来的走访")
        browser.driver.execute_script("document.getElementById('visitedAt').value = '2099-01-01T10:00'")
        browser.submit("#visit-form button[type=submit]")
        expect("走访时间" in browser.text("#visit-problem"), "a visit in the future is not refused with its reason")
        expect(browser.driver.find_element(By.CSS_SELECTOR, "#findings").get_attribute("value") == "未来的走访", "the findings were lost")

        browser.submit("form[action='/signout'] button[type=submit]")
        expect(browser.driver.current_url.endswith("/signin"), "signing out did not lead back to the sign-in form")
        browser.open("/")
        expect(browser.driver.current_url.endswith("/signin"), "the workbench still opens after signing out")
    finally:
        browser.quit()


def grid_worker_files_on_behalf(base, screenshots, household):
    """A grid worker on a phone files temporary relief for the household (帮办代办); returns the case's path."""
    browser = Browser(base, screenshots, PHONE)
    try:
        browser.sign_in("grid")
        browser.open(f"/households/{household}")
        expect("帮办代办" in browser.text("#filing-heading"), "the household page has no form to file on the resident's behalf")
        browser.driver.find_element(By.CSS_SELECTOR, "#filing summary").click()
        # Sent without a type, the form comes back with the reason and what was typed.
        browser.fill("#filing-description", "家中突发火灾，房屋烧毁，无处居住。")
        browser.submit("#filing-form button[type=submit]")
        expect("请至少选择一项救助类型" in browser.text("#filing-problem"), "an application without a type is not refused with its reason")
        expect("突发火灾" in browser.driver.find_element(By.CSS_SELECTOR, "#filing-description").get_attribute("value"), "the description was lost")
        browser.driver.find_element(By.CSS_SELECTOR, "input[name=types][value='civil-affairs.temporary-relief']").click()
        Select(browser.driver.find_element(By.CSS_SELECTOR, "#filing-applicant")).select_by_index(1)
        browser.fill("#filing-cost", "3,000")
        browser.shoot("grid-filing-phone")
        browser.submit("#filing-form button[type=submit]")
        expect("申请已提交" in browser.text(".notice"), "no notice that the application was filed")
        expect(browser.text("h1") == "救助申请", f"after filing, the page is {browser.text('h1')!r}")
        item = browser.text("section.item")
        expect("临时救助" in item and "待受理" in item, f"the case page does not show the type waiting for acceptance: {item!r}")
        expect("帮办代办" in browser.text(".facts") and "¥3,000.00" in browser.text(".facts"), "the case does not say who filed it and for how much")
        expect(not browser.driver.find_elements(By.CSS_SELECTOR, "form.step"), "a grid worker is offered the town's steps")
        width = browser.driver.execute_script("return document.documentElement.scrollWidth")
        expect(width <= PHONE[0], f"the case page is {width} px wide on a {PHONE[0]} px phone")
        browser.shoot("grid-case-phone")
        return browser.driver.current_url.replace(base, "").split("?")[0]
    finally:
        browser.quit()


def town_decides(base, screenshots, case):
    """The town finds the application in its queue, accepts, investigates and approves it within its limits."""
    browser = Browser(base, screenshots, DESKTOP)
    try:
        browser.sign_in("town")
        browser.submit("nav a[href='/cases']")
        expect(browser.text("h1").startswith("受理审批"), "the town's navigation does not lead to the work queue")
        browser.submit(".tabs a[href='/cases?stage=to_accept']")
        cards = [card for card in browser.driver.find_elements(By.CSS_SELECTOR, "#queue li")
                 if card.find_element(By.TAG_NAME, "a").get_attribute("href").split("#")[0].endswith(case)]
        expect(len(cards) == 1, "the application filed on the resident's behalf is not in the queue once")
        expect("临时救助" in cards[0].text and "待受理" in cards[0].text, f"the queue's card does not say what waits: {cards[0].text!r}")
        browser.shoot("town-queue-desktop")
        browser.open(case)
        item = browser.driver.find_element(By.CSS_SELECTOR, "section.item").get_attribute("id").removeprefix("item-")
        browser.submit(f"#accept-{item} button[type=submit]")
        expect("已受理" in browser.text(".notice"), "no notice that the application was accepted")
        limits = browser.text(f"#item-{item} table.limits")
        expect("入户调查" in limits and "审核审批" in limits and "到期" in limits, f"the limits do not show with the time left: {limits!r}")
        browser.submit(f"#investigate-{item} button[type=submit]")
        for field in browser.driver.find_elements(By.CSS_SELECTOR, f"#findings-{item} input[name^='income.']"):
            field.clear()
            field.send_keys("0")
        browser.fill(f"#findings-note-{item}", "入户核实：房屋烧毁属实，家中无收入。")
        browser.submit(f"#findings-{item} button[type=submit]")
        decision = browser.text(f"#decision-{item}")
        expect("符合条件" in decision and "¥" in decision, f"the rules' assessment is not shown before the decision: {decision!r}")
        expect("按时完成" in browser.text(f"#item-{item} table.limits"), "the investigation's limit does not show as met in time")
        browser.shoot("town-case-desktop")
        browser.submit(f"#approve-{item} button[type=submit]")
        expect("已审批通过" in browser.text(".notice"), "no notice that the application was approved")
        item_text = browser.text(f"#item-{item}")
        expect("已批准" in item_text and "核定" in item_text, f"the approval does not show: {item_text!r}")
        expect(item_text.count("按时完成") == 2, f"the two limits do not both show as met in time: {item_text!r}")
    finally:
        browser.quit()


def api(base, path, token=None, body=None):
    """The API's JSON answer to `path`, as the same server gives it to a program (self-signed certificate accepted)."""
    request = urllib.request.Request(base + path, data=None if body is None else json.dumps(body).encode())
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with urllib.request.urlopen(request, context=context) as answer:
        return json.load(answer)


def supervisor_dashboard(base, screenshots):
    """District civil affairs opens the dashboard: every figure shown is the API's for the same period."""
    browser = Browser(base, screenshots, DESKTOP)
    try:
        browser.sign_in("civil")
        browser.submit("nav a[href='/dashboard']")
        expect(browser.text("h1").startswith("统计监督"), f"the dashboard is titled {browser.text('h1')!r}")
        start = browser.driver.find_element(By.CSS_SELECTOR, "#from").get_attribute("value")
        end = browser.driver.find_element(By.CSS_SELECTOR, "#to").get_attribute("value")
        token = api(base, "/api/v1/sessions", body={"login": "civil", "password": PASSWORD})["token"]
        figures = api(base, f"/api/v1/supervision/figures?from={start}&to={end}", token=token)
        expect(figures["types"], "the API gives no figures to compare: the flows before filed nothing")
        for entry in figures["types"]:
            rows = browser.driver.find_elements(By.CSS_SELECTOR, f"#types tr[data-type='{entry['type']}']")
            expect(len(rows) == 1, f"{entry['type']} is not in the dashboard's table once")
            for name in ("applications", "approvals", "rejections", "overdue", "metLate"):
                shown = rows[0].find_element(By.CSS_SELECTOR, f"td[data-figure='{name}']").text
                expect(shown == str(entry[name]), f"{entry['type']} {name}: the page shows {shown}, the API {entry[name]}")
        warning = figures["earlyWarning"]
        raised = sum(warning["raised"].values())
        for name, value in (("monitored", warning["monitored"]), ("raised", raised), ("verified", warning["verified"])):
            shown = browser.text(f"#warning dd[data-figure='{name}']")
            expect(shown == str(value), f"early warning {name}: the page shows {shown}, the API {value}")
        expect(len(browser.driver.find_elements(By.CSS_SELECTOR, ".chart svg")) == 3, "the dashboard does not draw its three charts")
        expect("红色" in browser.text("#risk") or "红色" in browser.text("#risk-heading ~ .scroll"), "the risk table does not name the levels")
        browser.shoot("civil-dashboard-desktop")
        # A town of the district: the same page for it alone.
        browser.submit("#risk tbody a")
        expect("统计监督" in browser.text("h1") and "region=" in browser.driver.current_url, "the risk table does not lead to a town's dashboard")
    finally:
        browser.quit()


def workbench_at_desktop(base, screenshots, login):
    browser = Browser(base, screenshots, DESKTOP)
    try:
        browser.sign_in(login)
        expect(browser.text("h1") == "工作台", f"{login}: signed in, the page is not the workbench")
        browser.shoot(f"{login}-workbench-desktop")
    finally:
        browser.quit()


def grid_worker_sees_live_update(base, screenshots, household):
    """A household's page open on the grid worker's phone learns of a visit the town records meanwhile."""
    browser = Browser(base, screenshots, PHONE)
    try:
        browser.sign_in("grid")
        browser.open(f"/households/{household}")
        # The page's script subscribes once it has loaded; wait until the channel confirms it.
        WebDriverWait(browser.driver, 15).until(
            lambda driver: driver.find_element(By.CSS_SELECTOR, "#live").get_attribute("data-state") == "subscribed")
        expect(not browser.driver.find_element(By.CSS_SELECTOR, "#live").is_displayed(), "the live banner shows before anything changed")
        token = api(base, "/api/v1/sessions", body={"login": "town", "password": PASSWORD})["token"]
        visited = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=5)
        api(base, "/api/v1/visits", token=token, body={
            "householdID": household, "kind": "phone", "visitedAt": visited.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "findings": "乡镇电话回访：药费已报销", "needs": []})
        WebDriverWait(browser.driver, 15).until(lambda driver: driver.find_element(By.CSS_SELECTOR, "#live").is_displayed())
        expect("本页内容有 1 项更新" in browser.text("#live"), f"the banner says {browser.text('#live')!r}")
        browser.shoot("grid-live-update-phone")
        browser.submit("#live a")
        expect("乡镇电话回访" in browser.text("main"), "the reloaded page does not show the town's visit")
        browser.check_console()
    finally:
        browser.quit()


def main_pages_at_phone_width(base, screenshots):
    """Each role's main page on a phone, as its people open it between visits: titled, and no wider than the screen."""
    for login, path, title in (
        ("village", "/", "工作台"), ("town", "/", "工作台"), ("medical", "/referrals", "转办"), ("civil", "/dashboard", "统计监督"),
        ("admin", "/admin/users", "用户管理"), ("auditor", "/audit", "审计日志"),
    ):
        browser = Browser(base, screenshots, PHONE)
        try:
            browser.sign_in(login)
            browser.open(path)
            expect(browser.text("h1").startswith(title), f"{login}: {path} is titled {browser.text('h1')!r}")
            width = browser.driver.execute_script("return document.documentElement.scrollWidth")
            expect(width <= PHONE[0] + 1, f"{login}: {path} is {width} px wide on a {PHONE[0]} px screen")
            browser.shoot(f"{login}-{path.strip('/').split('/')[-1] or 'workbench'}-phone")
        finally:
            browser.quit()


def officer_answers_referral(base, screenshots):
    """The medical-aid officer finds the need the grid worker's visit sent, accepts it and answers it."""
    browser = Browser(base, screenshots, DESKTOP)
    try:
        browser.sign_in("medical")
        browser.submit("nav a[href='/referrals']")
        cards = browser.driver.find_elements(By.CSS_SELECTOR, "#inbox li")
        ours = [card for card in cards if "户主腿伤未愈" in card.text]
        expect(len(ours) == 1, f"the visit's medical need is not in the officer's inbox once: {[card.text for card in cards]!r}")
        expect("待接收" in ours[0].text and "答复时限" in ours[0].text, f"the referral does not show its state and limit: {ours[0].text!r}")
        browser.shoot("medical-referrals-desktop")
        href = ours[0].find_element(By.TAG_NAME, "a").get_attribute("href")
        browser.submit(f"#inbox a[href='{href.replace(base, '')}']")
        expect(browser.text("h1") == "医疗", f"the referral page is titled {browser.text('h1')!r}")
        browser.submit("#answer-accept button[type=submit]")
        expect("已接收" in browser.text(".notice"), "no notice that the referral was accepted")
        # A resolution says what was done: sent empty it is refused (the browser's own check is lifted to reach the server's).
        browser.driver.execute_script("document.getElementById('text-resolve').removeAttribute('required')")
        browser.submit("#answer-resolve button[type=submit]")
        expect("答复内容" in browser.text("#answer-problem"), "an empty answer is not refused with its reason")
        browser.fill("#text-resolve", "已纳入医疗救助，住院自付部分按90%救助。")
        browser.submit("#answer-resolve button[type=submit]")
        expect("已办结" in browser.text(".notice") and "已办结" in browser.text("main"), "the referral does not show as resolved")
        expect(not browser.driver.find_elements(By.CSS_SELECTOR, "form.answer"), "a resolved referral still offers answers")
        browser.shoot("medical-referral-desktop")
    finally:
        browser.quit()


def admin_switches_module(base, screenshots):
    """The admin switches the charity module off and on again from the modules page."""
    browser = Browser(base, screenshots, DESKTOP)
    try:
        browser.sign_in("admin")
        browser.submit("nav a[href='/admin/modules']")
        expect(browser.text("h1") == "部门模块", "the admin's navigation does not lead to the modules page")
        expect("已启用" in browser.text("#module-charity .state"), "charity is not shown as switched on")
        browser.fill("#note-charity", "年度慈善项目调整，暂停受理")
        browser.submit("#module-charity button[type=submit]")
        expect("已停用" in browser.text(".notice"), "no notice that the module was switched off")
        expect("已停用" in browser.text("#module-charity .state"), "charity is not shown as switched off")
        browser.shoot("admin-modules-desktop")
        browser.submit("#module-charity button[type=submit]")
        expect("已启用" in browser.text("#module-charity .state"), "charity is not shown as switched on again")
        browser.submit("nav a[href='/admin/users']")
        expect(browser.text("h1").startswith("用户管理"), "the admin's navigation does not lead to the accounts")
        expect("王网格" in browser.text("#user-grid"), "the grid worker's account is not listed")
        browser.shoot("admin-users-desktop")
        browser.fill("#new-login", "his.medical")
        browser.fill("#new-name", "医保结算系统")
        Select(browser.driver.find_element(By.CSS_SELECTOR, "#new-role")).select_by_value("department_officer")
        browser.fill("#new-scope", browser.text("#user-admin td:nth-of-type(3)"))
        Select(browser.driver.find_element(By.CSS_SELECTOR, "#new-department")).select_by_value("medical-aid")
        browser.driver.find_element(By.CSS_SELECTOR, "input[name=machine]").click()
        browser.submit("#new-user button[type=submit]")
        expect("账号已创建" in browser.text(".notice"), f"the department system's account was not created: {browser.text('main')[:300]!r}")
        browser.driver.find_element(By.CSS_SELECTOR, "#manage-his\\.medical summary").click()
        browser.submit("#certificates-his\\.medical")
        expect(browser.text("h1") == "客户端证书 · his.medical", f"the certificates page is {browser.text('h1')!r}")
        expect("还没有登记客户端证书" in browser.text("main") and browser.driver.find_elements(By.CSS_SELECTOR, "#certificate-pem"),
               "the certificates page does not offer to register one")
        browser.shoot("admin-certificates-desktop")
        browser.submit("nav a[href='/admin/settings']")
        expect("城乡低保标准" in browser.text("main") and "¥720.00" in browser.text("main"), "the settings are not shown in Chinese")
        browser.shoot("admin-settings-desktop")
        browser.submit("nav a[href='/admin/calendar']")
        expect("工作日历" in browser.text("h1") and "休" in browser.text("#months"), "the calendar does not mark its holidays")
        browser.shoot("admin-calendar-desktop")
    finally:
        browser.quit()


def auditor_reads_log(base, screenshots):
    """The auditor finds the admin's module switches in the audit log and has the chain verified."""
    browser = Browser(base, screenshots, DESKTOP)
    try:
        browser.sign_in("auditor")
        browser.submit("nav a[href='/audit']")
        expect(browser.text("h1") == "审计日志", "the auditor's navigation does not lead to the audit log")
        browser.fill("#action", "module")
        browser.submit("#audit-filter button[type=submit]")
        rows = [row.text for row in browser.driver.find_elements(By.CSS_SELECTOR, "#audit tbody tr")]
        expect(len(rows) >= 2 and "启用部门模块" in rows[0] and "停用部门模块" in rows[1], f"the module switches are not in the log, newest first: {rows!r}")
        expect("年度慈善项目调整" in rows[1], "the switch's note is not shown")
        browser.submit("#verify-chain")
        expect("审计链完整" in browser.text("#chain-status"), f"the chain is not verified: {browser.text('main')[:200]!r}")
        expect(not browser.driver.find_elements(By.CSS_SELECTOR, "main form[method=post]"), "the audit log offers a change")
        browser.shoot("auditor-audit-desktop")
    finally:
        browser.quit()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--household", required=True)
    parser.add_argument("--screenshots", required=True)
    arguments = parser.parse_args()
    os.makedirs(arguments.screenshots, exist_ok=True)
    filed = {}
    flows = [
        ("a wrong password", lambda: wrong_password(arguments.base, arguments.screenshots)),
        ("the grid worker records a visit", lambda: grid_worker_records_visit(arguments.base, arguments.screenshots, arguments.household)),
        ("the grid worker files on a resident's behalf",
         lambda: filed.update(case=grid_worker_files_on_behalf(arguments.base, arguments.screenshots, arguments.household))),
        ("the town accepts, investigates and approves", lambda: town_decides(arguments.base, arguments.screenshots, filed["case"])),
        ("the supervisor's dashboard shows the API's figures", lambda: supervisor_dashboard(arguments.base, arguments.screenshots)),
        ("the grid worker's workbench at desktop width", lambda: workbench_at_desktop(arguments.base, arguments.screenshots, "grid")),
        ("the town's workbench at desktop width", lambda: workbench_at_desktop(arguments.base, arguments.screenshots, "town")),
        ("the village's workbench at desktop width", lambda: workbench_at_desktop(arguments.base, arguments.screenshots, "village")),
        ("the grid worker's open page learns of a change", lambda: grid_worker_sees_live_update(arguments.base, arguments.screenshots, arguments.household)),
        ("the medical-aid officer answers the referral", lambda: officer_answers_referral(arguments.base, arguments.screenshots)),
        ("each role's main page at phone width", lambda: main_pages_at_phone_width(arguments.base, arguments.screenshots)),
        ("the admin switches a module off and on", lambda: admin_switches_module(arguments.base, arguments.screenshots)),
        ("the auditor reads the log and verifies the chain", lambda: auditor_reads_log(arguments.base, arguments.screenshots)),
    ]
    for name, flow in flows:
        try:
            flow()
        except FlowFailure as failure:
            print(f"FAILED {name}: {failure}")
            return 1
        except Exception as error:  # an element missing, the browser gone: the flow failed all the same
            print(f"FAILED {name}: {type(error).__name__}: {error}")
            return 1
        print(f"passed {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
