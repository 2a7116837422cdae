"""One small function per step of an account's flow."""
