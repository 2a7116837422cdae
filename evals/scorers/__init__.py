"""Offline scorers for drafted messages: tone, length and readability."""
