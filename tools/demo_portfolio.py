"""The demo portfolio generator's public API; the code lives in the `tools.demo` package."""

from tools.demo import account_tier, aging_bucket, generate_portfolio, portfolio_summary

__all__ = ["account_tier", "aging_bucket", "generate_portfolio", "portfolio_summary"]
