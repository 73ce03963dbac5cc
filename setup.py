"""The compiled fast paths of ``didban.text`` (everything else is in ``pyproject.toml``).

``optional``: where no C compiler is found, the package installs without them and runs their pure-Python
equivalents (``didban.text.compiled``).
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("didban.text._speedups", ["src/didban/text/_speedups.c"], optional=True)])
