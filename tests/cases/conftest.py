# the subsidy application's personas: the case mechanism is shown on its workflow
from tests.subsidies_review.conftest import firm, firm_user, fixed_today, outsider, reviewer  # noqa: F401
