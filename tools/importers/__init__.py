"""Importers: scenario JSON files and CSV/XLSX exports, each file all-or-nothing."""
