"""Before gunicorn forks, every template is compiled and the parameters are read (deploy/gunicorn.conf.py)."""

from __future__ import annotations

from django.template import engines

from wengang.ops.warm import template_names, warm
from wengang.policy import load_parameters


def test_every_template_of_the_site_is_compiled_once_before_the_workers_start() -> None:
    [loader] = engines["django"].engine.template_loaders  # Django's cached loader around the file loaders
    loader.reset()
    load_parameters.cache_clear()
    names = template_names()
    assert {"base.html", "calculator/index.html", "calculator/_fields.html", "ops/503.html"} <= set(names)
    assert "calculator/_results.html" in names  # a Jinja2 template (wengang/ops/jinja.py)
    assert warm() == len(names)
    assert {"base.html", "calculator/index.html", "subsidies/review/queue.html"} <= set(loader.get_template_cache)
    assert load_parameters.cache_info().currsize == 1
