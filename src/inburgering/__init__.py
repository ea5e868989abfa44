"""Inburgeringsketen: DUO's side of the integration chain of the Wet inburgering 2021."""

__version__ = "0.1.0"
