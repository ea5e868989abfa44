"""Commands that work on the chain's database (ingest, replay, serve, demo, …)."""


def voeg_toe(sub) -> None:
    pass
