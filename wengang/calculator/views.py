"""The public policy calculator (政策计算器) and the parameter list (参数一览)."""

from __future__ import annotations

import re
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_safe

from wengang.ops.fragments import fragment
from wengang.ops.skeletons import bound_fields
from wengang.policy import load_parameters, policies_for
from wengang.policy.fields import ENTERPRISE_FIELDS
from wengang.policy.params import STATUS_ZH, Parameter, format_param

from .forms import CalculatorForm
from .sample import SAMPLE_FIRM

#: ids of the two regions htmx may swap: the results alone, or the form with the results
RESULTS_ID = "results"
CALCULATOR_ID = "calculator"


@require_http_methods(["GET", "HEAD", "POST"])
def calculator(request: HttpRequest) -> HttpResponse:
    explanation = None
    sample = False
    if request.method == "POST":
        form = CalculatorForm(request.POST)
        if form.is_valid():
            explanation = form.explain()
    else:
        sample = request.GET.get("sample") == "1"
        form = CalculatorForm(initial=SAMPLE_FIRM if sample else None)

    ctx: dict[str, Any] = {"form": form, "explanation": explanation, "sample": sample}
    if explanation is not None:  # Jinja2 (calculator/jinja2/): ~400 values, the costliest part of the page
        ctx["results_html"] = mark_safe(render_to_string("calculator/_results.html", {"explanation": explanation}))
    if not form.is_bound:  # the same ~40 empty (or sample) fields for everyone: rendered once per process
        ctx["fields_html"] = fragment(
            "calculator-fields-sample" if sample else "calculator-fields",
            lambda: render_to_string("calculator/_fields.html", {"form": form}),
            source=ENTERPRISE_FIELDS,
        )
    else:  # what was posted, written into fields rendered once per process (a form with errors: the templates)
        ctx["fields_html"] = bound_fields("calculator/_fields.html", form, source=ENTERPRISE_FIELDS)
    if not request.headers.get("HX-Request"):
        ctx["policies"] = policies_for("enterprise")
        return render(request, "calculator/index.html", ctx)

    # htmx: a valid form only refreshes the results; a form showing errors is swapped whole,
    # so its messages appear next to the fields and disappear again once they are fixed.
    if explanation is not None and request.headers.get("HX-Target") == RESULTS_ID:
        response = HttpResponse(ctx["results_html"])
    else:
        response = render(request, "calculator/_calculator.html", ctx)
        response["HX-Retarget"] = f"#{CALCULATOR_ID}"
        response["HX-Reswap"] = "innerHTML"
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


CLAUSE_FAMILIES = ("OP", "N", "S", "D", "L", "I")
CLAUSE_RE = re.compile(r"^([A-Z]+)(\d*)")


def _clause_order(clause: str) -> tuple[int, int, str]:
    """OP1 … OP6, then N, S, D, L and I clauses, as the notice orders them."""
    match = CLAUSE_RE.match(clause)
    if not match:
        return (len(CLAUSE_FAMILIES), 0, clause)
    family, number = match.groups()
    rank = CLAUSE_FAMILIES.index(family) if family in CLAUSE_FAMILIES else len(CLAUSE_FAMILIES)
    return (rank, int(number or 0), clause)


@require_safe
def parameters(request: HttpRequest) -> HttpResponse:
    # the parameter files are read once per process; the table is rendered once from what was read
    loaded = load_parameters()
    table = fragment(
        "parameters-table", lambda: render_to_string("calculator/_parameters.html", _parameters(loaded)), source=loaded
    )
    return render(request, "calculator/parameters.html", {"table": table})


def _parameters(loaded: dict[str, Parameter]) -> dict[str, Any]:
    params = sorted(loaded.values(), key=lambda p: _clause_order(p.clause))
    rows = [
        {"param": param, "dated": dated, "value": format_param(dated.value, param.unit)}
        for param in params
        for dated in param.values
    ]
    statuses = [
        {"key": key, "text": STATUS_ZH[key], "count": sum(1 for p in params for d in p.values if d.status == key)}
        for key in ("confirmed", "sourced", "unconfirmed")
    ]
    return {"rows": rows, "statuses": statuses}
