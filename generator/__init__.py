"""The newspaper archive generator: raw page dumps in, a static site out.

Packages by stage, imports only going down this list (``docs/ARCHITECTURE.md`` has the map):
``text`` and ``infra`` (shared leaves; infra knows nothing of newspapers) → ``model`` (the
frozen dataclasses) → ``parse`` → ``infer`` → ``archive`` → ``search`` and ``site`` → ``stages``
and ``report`` (the build's composition) → ``build.py``.
"""
