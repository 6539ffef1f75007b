"""Monitoring: the bureau's dashboards (applications, decisions, payments, review times; job market,
layoffs, deferral) and, later, employment early warning."""
