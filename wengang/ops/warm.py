"""Work done once in gunicorn's master before it forks (deploy/gunicorn.conf.py, ``preload_app``).

Every worker then starts with the site's templates compiled (Django's cached loader keeps them per
process) and the policy parameters read, instead of paying for them on its first requests, and again
after each recycling (``max_requests``).
"""

from __future__ import annotations

from pathlib import Path

from django.forms.renderers import get_default_renderer
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.template.loader import get_template
from django.template.utils import get_app_template_dirs

from wengang.policy import load_parameters


def template_names() -> list[str]:
    """Every ``.html`` template of the project and the installed apps (Django's and Jinja2's), by the name
    views load it with."""
    folders = [*engines["django"].dirs, *get_app_template_dirs("templates"), *get_app_template_dirs("jinja2")]
    names = {str(path.relative_to(folder)) for folder in [Path(str(f)) for f in folders] for path in folder.rglob("*.html")}
    return sorted(names)


def warm() -> int:
    """Compile every template (the site's, and the form renderer's widgets); read the parameters.
    Returns the number of templates compiled."""
    compiled = 0
    for name in template_names():
        try:
            get_template(name)
        except (TemplateDoesNotExist, TemplateSyntaxError):  # a fragment meant for another engine
            continue
        compiled += 1
    renderer = get_default_renderer()
    for name in (
        "django/forms/widgets/select.html",
        "django/forms/widgets/input.html",
        "django/forms/errors/list/ul.html",
    ):
        renderer.get_template(name)
    load_parameters()
    return compiled
