"""Commands of the portaal component; registered by inburgering.cli."""


def voeg_toe(sub) -> None:
    pass
