"""The pages of the load benchmark, shared by the runner (run.py) and the Locust users (locustfile.py)."""

import re
import urllib.parse

from wengang.calculator.sample import SAMPLE_FIRM  # a plain dict: no Django needed

#: name -> (method, path, account signed in or "")
PAGES: dict[str, tuple[str, str, str]] = {
    "bare": ("GET", "/healthz", ""),
    "calculator": ("GET", "/", ""),
    "calculator_post": ("POST", "/", ""),
    "jobs": ("GET", "/jobs/?q=" + urllib.parse.quote("收银"), ""),
    "parameters": ("GET", "/parameters/", ""),
    "portal": ("GET", "/accounts/", "qiye"),
    "precheck": ("GET", "/hall/apply/new/OP3/", "qiye"),
    "review": ("GET", "/hall/review/", "shenhe"),
}

#: the calculator's sample firm, as a browser posts it (with the two settings its form also sends)
SAMPLE_FORM = SAMPLE_FIRM | {"on": "2020-05-01", "variant": "baseline"}
#: the body as a browser (and the Locust user) sends it: urlencoded, not multipart as Django's test client would
SAMPLE_BODY = urllib.parse.urlencode(SAMPLE_FORM)
FORM_TYPE = "application/x-www-form-urlencoded"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
