"""Domain core: the law's rules, determinations, notifications and scope, in plain Python.

Nothing in this package imports Django, touches a database or reads the clock: every function takes
the facts and the date it needs. A jurist can read one module per legal topic.
"""
