"""Benchmarks (`make bench` → `python -m bench`): the engine floor, the service through HTTP, growth.

Never part of `make test`; every ratio is against a baseline measured in the same run.
"""
