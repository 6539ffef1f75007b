"""Wengang (稳岗): employment-stabilisation policy platform."""

__version__ = "0.1.0"
