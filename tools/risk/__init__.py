"""Late-payment risk: point-in-time features, the model and its backtest, worklist priority.

The agent calls `tools.risk.scoring` (`score_accounts`, `customer_risk`, `invoice_risks`,
`predict_late_probability`, `is_predicted_late`); the CLI calls `backtest.run_backtest` and
`ledger_training.train_ledger_model`. See README.md in this folder for the method and figures.
"""
