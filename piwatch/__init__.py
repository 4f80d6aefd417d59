"""piwatch: public-opinion monitor for personal-information violation leads."""

__version__ = "0.1.0"
