"""A deterministic demo book of realistic customer accounts, as scenario objects (`tools.scenario_format`)."""

from tools.demo.portfolio import generate_portfolio
from tools.demo.summary import account_tier, aging_bucket, portfolio_summary

__all__ = ["account_tier", "aging_bucket", "generate_portfolio", "portfolio_summary"]
