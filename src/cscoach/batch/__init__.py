"""Running the pipeline over many inputs: ``local`` (streaming, ordered process pool on this
machine) and ``dask`` (partitions on a Dask cluster), both yielding results in input order."""

from __future__ import annotations

from .local import analyze_inputs, default_jobs

__all__ = ["analyze_inputs", "default_jobs"]
